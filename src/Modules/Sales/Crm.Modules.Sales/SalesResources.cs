namespace Crm.Modules.Sales;

/// <summary>Marker for the module's strings: SalesResources.resx (English) and SalesResources.fa.resx.</summary>
public sealed class SalesResources;
