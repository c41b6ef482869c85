namespace Crm.SharedKernel.Domain;

/// <summary>
/// Records who created and last changed the record, and when (UTC). Filled by the persistence layer;
/// changes to an auditable record are also written field by field to the audit trail.
/// </summary>
public interface IAuditable
{
    DateTime CreatedAt { get; set; }

    Guid? CreatedBy { get; set; }

    DateTime? ModifiedAt { get; set; }

    Guid? ModifiedBy { get; set; }
}
