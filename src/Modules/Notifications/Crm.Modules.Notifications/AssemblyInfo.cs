using System.Runtime.CompilerServices;
using Crm.Modules.Notifications;
using Crm.SharedKernel.Localization;

[assembly: ModuleResources(typeof(NotificationsResources))]
[assembly: InternalsVisibleTo("Crm.IntegrationTests")]
[assembly: InternalsVisibleTo("Crm.UnitTests")]
[assembly: InternalsVisibleTo("Crm.Benchmarks")]
