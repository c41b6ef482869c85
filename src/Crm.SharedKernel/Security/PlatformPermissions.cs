namespace Crm.SharedKernel.Security;

/// <summary>Permissions of pages the platform itself provides (not a module).</summary>
public static class PlatformPermissions
{
    public const string ManageJobs = "platform.jobs.manage";

    public static readonly IReadOnlyList<PermissionDefinition> All =
    [
        new(ManageJobs, [CrmRoles.Administrator]),
    ];
}
