using System.Runtime.CompilerServices;
using Crm.Modules.Forms;
using Crm.SharedKernel.Localization;

[assembly: ModuleResources(typeof(FormsResources))]
[assembly: InternalsVisibleTo("Crm.IntegrationTests")]
[assembly: InternalsVisibleTo("Crm.UnitTests")]
[assembly: InternalsVisibleTo("Crm.Benchmarks")]
