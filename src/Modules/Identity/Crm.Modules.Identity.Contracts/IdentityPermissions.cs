namespace Crm.Modules.Identity.Contracts;

/// <summary>Permissions of the Identity / Administration module.</summary>
public static class IdentityPermissions
{
    public const string ManageUsers = "identity.users.manage";
    public const string ManageTeams = "identity.teams.manage";
    public const string ViewAudit = "identity.audit.view";
}
