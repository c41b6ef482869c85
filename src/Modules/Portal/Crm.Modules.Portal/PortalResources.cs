namespace Crm.Modules.Portal;

/// <summary>Marker for the module's strings: PortalResources.resx (English) and PortalResources.fa.resx.</summary>
public sealed class PortalResources;
