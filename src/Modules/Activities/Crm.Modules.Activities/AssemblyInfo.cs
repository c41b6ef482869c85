using System.Runtime.CompilerServices;
using Crm.Modules.Activities;
using Crm.SharedKernel.Localization;

[assembly: ModuleResources(typeof(ActivitiesResources))]
[assembly: InternalsVisibleTo("Crm.IntegrationTests")]
[assembly: InternalsVisibleTo("Crm.UnitTests")]
[assembly: InternalsVisibleTo("Crm.Benchmarks")]
