namespace Crm.SharedKernel.Domain;

/// <summary>
/// The usual editable record: audited, soft-deletable and guarded by optimistic concurrency.
/// </summary>
public abstract class AggregateRoot : Entity, IAuditable, ISoftDeletable, IConcurrencyAware
{
    public DateTime CreatedAt { get; set; }

    public Guid? CreatedBy { get; set; }

    public DateTime? ModifiedAt { get; set; }

    public Guid? ModifiedBy { get; set; }

    public bool IsDeleted { get; set; }

    public DateTime? DeletedAt { get; set; }

    public Guid? DeletedBy { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}
