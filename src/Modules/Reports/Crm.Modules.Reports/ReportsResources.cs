namespace Crm.Modules.Reports;

/// <summary>Marker for the module's string resources (ReportsResources.resx, ReportsResources.fa.resx).</summary>
public sealed class ReportsResources;
