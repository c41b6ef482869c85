namespace Crm.Modules.Invoicing;

/// <summary>Marker for the module's strings: InvoicingResources.resx (English) and InvoicingResources.fa.resx.</summary>
public sealed class InvoicingResources;
