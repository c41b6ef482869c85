using System.Runtime.CompilerServices;
using Crm.Modules.Identity;
using Crm.SharedKernel.Localization;

[assembly: ModuleResources(typeof(IdentityResources))]
[assembly: InternalsVisibleTo("Crm.IntegrationTests")]
