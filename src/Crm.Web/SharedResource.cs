namespace Crm.Web;

/// <summary>Marker for the shell's strings: SharedResource.resx (English) and SharedResource.fa.resx (Persian).</summary>
public sealed class SharedResource;
