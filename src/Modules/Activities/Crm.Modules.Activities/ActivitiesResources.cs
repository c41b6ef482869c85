namespace Crm.Modules.Activities;

/// <summary>Marker for the module's strings: ActivitiesResources.resx (English) and ActivitiesResources.fa.resx.</summary>
public sealed class ActivitiesResources;
