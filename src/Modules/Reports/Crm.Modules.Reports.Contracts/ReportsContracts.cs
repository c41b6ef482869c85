namespace Crm.Modules.Reports.Contracts;

/// <summary>Permissions of the reports and dashboards. Every figure is still limited to the records the user may see.</summary>
public static class ReportsPermissions
{
    /// <summary>Open the reports: a rep sees their own and their team's figures, a manager everyone's.</summary>
    public const string View = "reports.view";

    /// <summary>Download reports as .xlsx and PDF.</summary>
    public const string Export = "reports.export";
}
