namespace Crm.Modules.Leads;

/// <summary>Marker for the module's strings: LeadsResources.resx (English) and LeadsResources.fa.resx.</summary>
public sealed class LeadsResources;
