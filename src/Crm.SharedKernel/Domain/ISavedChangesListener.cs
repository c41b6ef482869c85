namespace Crm.SharedKernel.Domain;

/// <summary>
/// Told after each successful save which entity types it wrote, so a module can drop what it keeps in memory about
/// them (for example the staff directory). Called on the saving thread; keep it quick.
/// </summary>
public interface ISavedChangesListener
{
    void Saved(IReadOnlySet<Type> entityTypes);
}
