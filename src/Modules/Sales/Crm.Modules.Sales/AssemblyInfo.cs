using System.Runtime.CompilerServices;
using Crm.Modules.Sales;
using Crm.SharedKernel.Localization;

[assembly: ModuleResources(typeof(SalesResources))]
[assembly: InternalsVisibleTo("Crm.IntegrationTests")]
[assembly: InternalsVisibleTo("Crm.UnitTests")]
[assembly: InternalsVisibleTo("Crm.Benchmarks")]
