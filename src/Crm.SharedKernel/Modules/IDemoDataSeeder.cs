namespace Crm.SharedKernel.Modules;

/// <summary>Fills a module's part of the believable demo company (run by <c>--seed-demo</c>).</summary>
public interface IDemoDataSeeder
{
    /// <summary>Lower runs first, so later modules can use earlier modules' data.</summary>
    int Order { get; }

    Task SeedAsync(CancellationToken cancellationToken);
}
