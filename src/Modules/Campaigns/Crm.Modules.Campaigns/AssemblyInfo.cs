using System.Runtime.CompilerServices;
using Crm.Modules.Campaigns;
using Crm.SharedKernel.Localization;

[assembly: ModuleResources(typeof(CampaignsResources))]
[assembly: InternalsVisibleTo("Crm.IntegrationTests")]
[assembly: InternalsVisibleTo("Crm.UnitTests")]
[assembly: InternalsVisibleTo("Crm.Benchmarks")]
