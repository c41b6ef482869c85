namespace Crm.Modules.Notifications;

/// <summary>Marker for the module's strings: NotificationsResources.resx (English) and NotificationsResources.fa.resx.</summary>
public sealed class NotificationsResources;
