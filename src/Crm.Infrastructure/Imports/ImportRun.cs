using Crm.SharedKernel.Imports;

namespace Crm.Infrastructure.Imports;

public enum ImportStatus
{
    /// <summary>File stored; columns not mapped yet.</summary>
    Uploaded = 0,
    Queued = 1,
    Running = 2,
    Completed = 3,
    Failed = 4,
}

/// <summary>One import of a file: the uploaded file, its column mapping, and its progress and counts.</summary>
public sealed class ImportRun
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string TargetKey { get; set; }

    public required string FileName { get; set; }

    /// <summary>Where the uploaded file is kept, relative to the data folder's imports directory.</summary>
    public required string StoredName { get; set; }

    /// <summary>The file's header row, as JSON array.</summary>
    public string HeadersJson { get; set; } = "[]";

    /// <summary>Field key per column index, as JSON array (null = column ignored).</summary>
    public string MappingJson { get; set; } = "[]";

    /// <summary>For fields with fixed values: the file's values (normalised) to the value chosen for each (<see cref="ImportValueMap"/>).</summary>
    public string ValueMapJson { get; set; } = "{}";

    public DuplicateMode Duplicates { get; set; }

    public ImportStatus Status { get; set; }

    public int? TotalRows { get; set; }

    public int ProcessedRows { get; set; }

    public int CreatedCount { get; set; }

    public int UpdatedCount { get; set; }

    public int SkippedCount { get; set; }

    public int FailedCount { get; set; }

    public string? Error { get; set; }

    public Guid UserId { get; set; }

    public Guid? TeamId { get; set; }

    public bool SeesAllRecords { get; set; }

    public required string Culture { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>Renewed with every committed batch; a running import whose worker stops renewing it is taken over and resumed.</summary>
    public DateTime? HeartbeatAt { get; set; }

    /// <summary>The spreadsheet row of the last committed batch's last row: a resumed import starts after it.</summary>
    public int LastRowNumber { get; set; }
}

/// <summary>A row an import did not store as asked (failed, or skipped as a duplicate), with the reason.</summary>
public sealed class ImportIssue
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ImportId { get; set; }

    public int RowNumber { get; set; }

    public ImportOutcome Outcome { get; set; }

    public required string Reason { get; set; }

    /// <summary>The row's cells as they were in the file (JSON array, each cut to a bound), so the error file can be fixed and imported again.</summary>
    public string? CellsJson { get; set; }
}

/// <summary>A remembered column mapping: the next file with the same header row is mapped the same way.</summary>
public sealed class ImportMapping
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string TargetKey { get; set; }

    /// <summary>SHA-256 (hex) of the normalised header row.</summary>
    public required string HeaderSignature { get; set; }

    public required string MappingJson { get; set; }

    public string ValueMapJson { get; set; } = "{}";

    public DateTime UpdatedAt { get; set; }
}
