using System.Runtime.CompilerServices;
using Crm.Modules.Messaging;
using Crm.SharedKernel.Localization;

[assembly: ModuleResources(typeof(MessagingResources))]
[assembly: InternalsVisibleTo("Crm.IntegrationTests")]
[assembly: InternalsVisibleTo("Crm.UnitTests")]
[assembly: InternalsVisibleTo("Crm.Benchmarks")]
