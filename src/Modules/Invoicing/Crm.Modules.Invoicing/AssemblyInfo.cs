using System.Runtime.CompilerServices;
using Crm.Modules.Invoicing;
using Crm.SharedKernel.Localization;

[assembly: ModuleResources(typeof(InvoicingResources))]
[assembly: InternalsVisibleTo("Crm.IntegrationTests")]
[assembly: InternalsVisibleTo("Crm.UnitTests")]
[assembly: InternalsVisibleTo("Crm.Benchmarks")]
