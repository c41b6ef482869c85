namespace Crm.SharedKernel.Domain;

/// <summary>
/// Told after each successful save that wrote one of the entity types it <see cref="Watches"/>, so a module can drop
/// what it keeps in memory about them (for example the staff directory). Saves in other app instances on the same
/// PostgreSQL database reach it too, within a second of their commit. Called on the saving (or listening) thread;
/// keep it quick.
/// </summary>
public interface ISavedChangesListener
{
    /// <summary>The entity types whose saves this listener is told of.</summary>
    IReadOnlySet<Type> Watches { get; }

    void Saved(IReadOnlySet<Type> entityTypes);
}
