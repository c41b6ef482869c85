using System.Runtime.CompilerServices;
using Crm.Modules.Tickets;
using Crm.SharedKernel.Localization;

[assembly: ModuleResources(typeof(TicketsResources))]
[assembly: InternalsVisibleTo("Crm.IntegrationTests")]
[assembly: InternalsVisibleTo("Crm.UnitTests")]
[assembly: InternalsVisibleTo("Crm.Benchmarks")]
