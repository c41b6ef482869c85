namespace Crm.SharedKernel.Domain;

/// <summary>
/// Writes many new records at once for imports: binary COPY on PostgreSQL, one prepared INSERT per row on SQLite,
/// inside the current transaction if there is one. The records get the same stamps a save would give them (created at
/// and by); they are not tracked afterwards and no field-level audit entry is written for them.
/// </summary>
public interface IBulkInserter
{
    /// <summary>Inserts the entities' own columns; an entity with owned or complex parts is refused.</summary>
    Task InsertAsync<TEntity>(IReadOnlyCollection<TEntity> entities, CancellationToken cancellationToken) where TEntity : Entity;
}
