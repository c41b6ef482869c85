namespace Crm.SharedKernel.Security;

/// <summary>Permissions of pages the platform itself provides (not a module).</summary>
public static class PlatformPermissions
{
    public const string ManageJobs = "platform.jobs.manage";

    /// <summary>Diagnostic pages (the benchmark floor page shows audit rows).</summary>
    public const string ViewDiagnostics = "platform.diagnostics.view";

    public static readonly IReadOnlyList<PermissionDefinition> All =
    [
        new(ManageJobs, [CrmRoles.Administrator]),
        new(ViewDiagnostics, [CrmRoles.Administrator]),
    ];
}
