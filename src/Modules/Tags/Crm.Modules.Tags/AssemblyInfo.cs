using System.Runtime.CompilerServices;
using Crm.Modules.Tags;
using Crm.SharedKernel.Localization;

[assembly: ModuleResources(typeof(TagsResources))]
[assembly: InternalsVisibleTo("Crm.IntegrationTests")]
[assembly: InternalsVisibleTo("Crm.UnitTests")]
[assembly: InternalsVisibleTo("Crm.Benchmarks")]
