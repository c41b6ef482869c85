namespace Crm.Modules.Campaigns.Contracts;

/// <summary>Permissions of the Campaigns module.</summary>
public static class CampaignsPermissions
{
    /// <summary>See marketing plans and their campaigns.</summary>
    public const string View = "campaigns.view";

    /// <summary>Write plans and campaigns and submit them for approval.</summary>
    public const string Edit = "campaigns.edit";

    /// <summary>Start, pause, resume and cancel the send of an approved plan's campaign.</summary>
    public const string Send = "campaigns.send";

    /// <summary>Approve a submitted plan or send it back; nothing of a plan is sent before this.</summary>
    public const string Approve = "campaigns.approve";
}
