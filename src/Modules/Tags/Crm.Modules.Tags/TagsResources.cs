namespace Crm.Modules.Tags;

/// <summary>Marker for the module's strings: TagsResources.resx (English) and TagsResources.fa.resx.</summary>
public sealed class TagsResources;
