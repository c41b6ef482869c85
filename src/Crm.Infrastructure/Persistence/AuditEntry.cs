namespace Crm.Infrastructure.Persistence;

/// <summary>One change to an audited record: who changed which fields, from what to what, and when.</summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string EntityType { get; set; }

    public required string EntityId { get; set; }

    /// <summary>Created, Updated, Deleted or Restored.</summary>
    public required string Action { get; set; }

    /// <summary>JSON object: field name to <c>{ "old": ..., "new": ... }</c>.</summary>
    public required string Changes { get; set; }

    public Guid? UserId { get; set; }

    public DateTime At { get; set; }
}
