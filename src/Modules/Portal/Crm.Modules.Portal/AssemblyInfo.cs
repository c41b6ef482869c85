using System.Runtime.CompilerServices;
using Crm.Modules.Portal;
using Crm.SharedKernel.Localization;

[assembly: ModuleResources(typeof(PortalResources))]
[assembly: InternalsVisibleTo("Crm.IntegrationTests")]
[assembly: InternalsVisibleTo("Crm.UnitTests")]
[assembly: InternalsVisibleTo("Crm.Benchmarks")]
