namespace Crm.Modules.Messaging;

/// <summary>Marker for the module's strings: MessagingResources.resx (English) and MessagingResources.fa.resx.</summary>
public sealed class MessagingResources;
