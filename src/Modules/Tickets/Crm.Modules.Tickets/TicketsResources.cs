namespace Crm.Modules.Tickets;

/// <summary>Marker for the module's strings: TicketsResources.resx (English) and TicketsResources.fa.resx.</summary>
public sealed class TicketsResources;
