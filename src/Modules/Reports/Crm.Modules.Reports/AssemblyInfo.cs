using System.Runtime.CompilerServices;
using Crm.Modules.Reports;
using Crm.SharedKernel.Localization;

[assembly: ModuleResources(typeof(ReportsResources))]
[assembly: InternalsVisibleTo("Crm.IntegrationTests")]
[assembly: InternalsVisibleTo("Crm.UnitTests")]
[assembly: InternalsVisibleTo("Crm.Benchmarks")]
