using Crm.SharedKernel.Modules;

namespace Crm.Modules.Identity.Features;

public sealed class IdentityInitializer(AdminBootstrapper bootstrapper) : IModuleInitializer
{
    public Task InitializeAsync(CancellationToken cancellationToken) => bootstrapper.EnsureAsync();
}
