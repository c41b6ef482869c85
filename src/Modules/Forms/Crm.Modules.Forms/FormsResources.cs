namespace Crm.Modules.Forms;

/// <summary>Marker for the module's strings: FormsResources.resx (English) and FormsResources.fa.resx.</summary>
public sealed class FormsResources;
