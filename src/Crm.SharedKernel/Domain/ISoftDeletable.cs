namespace Crm.SharedKernel.Domain;

/// <summary>
/// Deleting such a record only marks it; it disappears from queries and can be restored.
/// </summary>
public interface ISoftDeletable
{
    bool IsDeleted { get; set; }

    DateTime? DeletedAt { get; set; }

    Guid? DeletedBy { get; set; }
}
