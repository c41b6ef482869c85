namespace Crm.Modules.Contacts;

/// <summary>Marker for the module's strings: ContactsResources.resx (English) and ContactsResources.fa.resx.</summary>
public sealed class ContactsResources;
