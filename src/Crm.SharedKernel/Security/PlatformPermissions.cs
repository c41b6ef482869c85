namespace Crm.SharedKernel.Security;

/// <summary>Permissions of pages the platform itself provides (not a module).</summary>
public static class PlatformPermissions
{
    public const string ManageJobs = "platform.jobs.manage";

    /// <summary>Diagnostic pages (the benchmark floor page shows audit rows).</summary>
    public const string ViewDiagnostics = "platform.diagnostics.view";

    /// <summary>See every customer record, not only one's own and one's team's (see <see cref="RecordVisibility"/>).</summary>
    public const string ViewAllRecords = "platform.records.view-all";

    /// <summary>The working week and holidays (the working calendar).</summary>
    public const string ManageCalendar = "platform.calendar.manage";

    public static readonly IReadOnlyList<PermissionDefinition> All =
    [
        new(ViewAllRecords, [CrmRoles.Administrator, CrmRoles.SalesManager]),
        new(ManageJobs, [CrmRoles.Administrator]),
        new(ManageCalendar, [CrmRoles.Administrator]),
        new(ViewDiagnostics, [CrmRoles.Administrator]),
    ];
}
