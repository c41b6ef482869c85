namespace Crm.Modules.Workflow.Features;

/// <summary>The workflow engine's limits and pace (section <c>Workflow</c>).</summary>
public sealed class WorkflowOptions
{
    public const string Section = "Workflow";

    /// <summary>A run started by another run's step counts one deeper; deeper than this it is not started.</summary>
    public int MaxDepth { get; set; } = 3;

    /// <summary>How often one workflow may start on one record in 24 hours.</summary>
    public int MaxRunsPerRecordPerDay { get; set; } = 20;

    /// <summary>Steps one run may execute in all; a run past it fails (a loop in the steps).</summary>
    public int MaxStepsPerRun { get; set; } = 500;

    /// <summary>Tries of a failing step before its run fails.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The first retry's delay; it doubles with each further try.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a claimed run is left to its instance before another may take it over.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    public int BatchSize { get; set; } = 50;

    /// <summary>Runs one instance moves on at once (on PostgreSQL; SQLite takes one writer at a time).</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>How often a wait for a condition looks again.</summary>
    public TimeSpan ConditionCheckEvery { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Ship the ready-made workflows on the first start (the first switched on).</summary>
    public bool ReadyMade { get; set; } = true;

    /// <summary>Finished runs and their logs are kept this long.</summary>
    public int RetentionDays { get; set; } = 180;
}
