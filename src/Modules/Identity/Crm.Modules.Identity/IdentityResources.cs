namespace Crm.Modules.Identity;

/// <summary>Marker for the module's strings: IdentityResources.resx (English) and IdentityResources.fa.resx.</summary>
public sealed class IdentityResources;
