namespace Crm.SharedKernel.Domain;

/// <summary>
/// Base of every stored record: a time-sortable Guid key (version 7) made by the application,
/// so inserts need no database-generated identity and keys sort by creation time.
/// </summary>
public abstract class Entity : IHasDomainEvents
{
    private readonly List<IDomainEvent> _domainEvents = [];

    public Guid Id { get; protected set; } = Guid.CreateVersion7();

    /// <summary>Events raised by this entity; published after the unit of work commits.</summary>
    public IReadOnlyList<IDomainEvent> DomainEvents => _domainEvents;

    protected void Raise(IDomainEvent domainEvent) => _domainEvents.Add(domainEvent);

    public void ClearDomainEvents() => _domainEvents.Clear();
}
