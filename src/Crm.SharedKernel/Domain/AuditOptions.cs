namespace Crm.SharedKernel.Domain;

/// <summary>
/// Per-scope switch for the field-level audit trail. Bulk work that records its own provenance (an import stores
/// its run id on every record it creates) turns it off so 100,000 rows do not write 100,000 audit entries.
/// </summary>
public sealed class AuditOptions
{
    public bool RecordChanges { get; set; } = true;
}
