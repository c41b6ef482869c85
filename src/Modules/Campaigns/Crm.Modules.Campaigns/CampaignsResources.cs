namespace Crm.Modules.Campaigns;

/// <summary>Marker for the module's strings: CampaignsResources.resx (English) and CampaignsResources.fa.resx.</summary>
public sealed class CampaignsResources;
