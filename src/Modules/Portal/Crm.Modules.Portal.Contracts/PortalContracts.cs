namespace Crm.Modules.Portal.Contracts;

/// <summary>Permissions of the Portal module.</summary>
public static class PortalPermissions
{
    /// <summary>Open a customer's portal account from their page, disable it, send the invitation again; list the accounts.</summary>
    public const string ManageAccounts = "portal.accounts.manage";
}
