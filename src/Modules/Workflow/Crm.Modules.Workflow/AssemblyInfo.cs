using System.Runtime.CompilerServices;
using Crm.Modules.Workflow;
using Crm.SharedKernel.Localization;

[assembly: ModuleResources(typeof(WorkflowResources))]
[assembly: InternalsVisibleTo("Crm.IntegrationTests")]
[assembly: InternalsVisibleTo("Crm.UnitTests")]
[assembly: InternalsVisibleTo("Crm.Benchmarks")]
