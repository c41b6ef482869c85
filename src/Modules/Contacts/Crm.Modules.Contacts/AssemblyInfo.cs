using System.Runtime.CompilerServices;
using Crm.Modules.Contacts;
using Crm.SharedKernel.Localization;

[assembly: ModuleResources(typeof(ContactsResources))]
[assembly: InternalsVisibleTo("Crm.IntegrationTests")]
[assembly: InternalsVisibleTo("Crm.Benchmarks")]
