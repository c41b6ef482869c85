namespace Crm.SharedKernel.Modules;

/// <summary>Start-up work of a module that needs the migrated database (e.g. seeding roles). Runs once per start.</summary>
public interface IModuleInitializer
{
    Task InitializeAsync(CancellationToken cancellationToken);
}
