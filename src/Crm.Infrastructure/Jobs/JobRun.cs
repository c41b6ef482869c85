namespace Crm.Infrastructure.Jobs;

/// <summary>One execution of a background job: when, how long, and how it ended.</summary>
public sealed class JobRun
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string JobKey { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public double? DurationMs { get; set; }

    public bool Succeeded { get; set; }

    public string? Error { get; set; }

    /// <summary>Which app instance ran it (several share the work on PostgreSQL).</summary>
    public required string Instance { get; set; }
}
