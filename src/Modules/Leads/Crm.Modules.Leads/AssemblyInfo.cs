using System.Runtime.CompilerServices;
using Crm.Modules.Leads;
using Crm.SharedKernel.Localization;

[assembly: ModuleResources(typeof(LeadsResources))]
[assembly: InternalsVisibleTo("Crm.IntegrationTests")]
[assembly: InternalsVisibleTo("Crm.Benchmarks")]
