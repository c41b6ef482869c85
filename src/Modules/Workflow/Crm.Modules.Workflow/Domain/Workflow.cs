using Crm.SharedKernel.Domain;

namespace Crm.Modules.Workflow.Domain;

/// <summary>
/// An automation an administrator designs for one record type. Its definition is kept in numbered versions: publishing
/// an edit makes a new version, and runs already started keep the version they started with.
/// </summary>
public sealed class Workflow : AggregateRoot
{
    public const int NameMaxLength = 100;

    public string NamePersian { get; set; } = "";

    public string NameEnglish { get; set; } = "";

    public string RecordType { get; set; } = "";

    public bool Enabled { get; set; }

    /// <summary>The version new runs start with.</summary>
    public Guid? PublishedVersionId { get; set; }

    public int VersionCount { get; set; }

    /// <summary>Who is told when a run fails: whoever created the workflow, unless changed.</summary>
    public Guid? OwnerId { get; set; }

    public string NameIn(bool persian) => persian ? NamePersian : NameEnglish;
}

/// <summary>One published definition of a workflow, never changed once written (runs point at it).</summary>
public sealed class WorkflowVersion : Entity
{
    public Guid WorkflowId { get; set; }

    public int Number { get; set; }

    /// <summary>The <see cref="WorkflowDefinition"/> as JSON.</summary>
    public string Definition { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public Guid? CreatedBy { get; set; }

    public static WorkflowVersion Of(Guid workflowId, int number, string definition, DateTime at, Guid? by) =>
        new() { WorkflowId = workflowId, Number = number, Definition = definition, CreatedAt = at, CreatedBy = by };
}

public enum RunState
{
    /// <summary>Started by its trigger; its conditions and limits are checked before its first step.</summary>
    Pending = 0,
    Running = 1,
    Waiting = 2,
    Completed = 3,
    Failed = 4,
    Cancelled = 5,
    /// <summary>Its conditions did not hold when it started, or the record was gone.</summary>
    Skipped = 6,
    /// <summary>Not started: the loop guard or the daily limit stopped it (the error says which).</summary>
    Refused = 7,
}

/// <summary>
/// One run of a workflow version on one record. The position is the next instruction of the compiled version. A run is
/// worked on only under a claim (token and lease), and every step's effects are saved with the run's new position in
/// one transaction guarded by <see cref="Version"/>, so a step happens once even when two instances reach for the run.
/// </summary>
public sealed class WorkflowRun : Entity, IConcurrencyAware
{
    public const int ErrorMaxLength = 1000;
    public const int TriggerKeyMaxLength = 64;

    public Guid WorkflowId { get; set; }

    public Guid VersionId { get; set; }

    public string RecordType { get; set; } = "";

    public Guid RecordId { get; set; }

    public RunState State { get; set; }

    public int Position { get; set; }

    /// <summary>When the run is next due; waits and retries move it ahead.</summary>
    public DateTime WakeAt { get; set; }

    public Guid? ClaimToken { get; set; }

    public DateTime? ClaimedUntil { get; set; }

    /// <summary>0 for a run a person's change started; one more than its cause for a run another run's step started.</summary>
    public int Depth { get; set; }

    public Guid? CausedByRunId { get; set; }

    public int StepsExecuted { get; set; }

    /// <summary>Failed tries of the current step.</summary>
    public int Attempts { get; set; }

    public string? Error { get; set; }

    /// <summary>The changed fields' values before the save that started the run (JSON), for "was" and "changed from".</summary>
    public string? Before { get; set; }

    /// <summary>Values a run keeps between steps (JSON): a wait's deadline.</summary>
    public string? Variables { get; set; }

    public Guid? StartedBy { get; set; }

    /// <summary>
    /// What started a run that must start once per record and moment (a date reached, a schedule's occurrence); unique
    /// with the workflow and the record, so a trigger seen twice starts one run.
    /// </summary>
    public string? TriggerKey { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    public bool IsFinished => State is RunState.Completed or RunState.Failed or RunState.Cancelled or RunState.Skipped or RunState.Refused;

    public static WorkflowRun Start(Guid workflowId, Guid versionId, string recordType, Guid recordId, DateTime now) =>
        new() { WorkflowId = workflowId, VersionId = versionId, RecordType = recordType, RecordId = recordId, State = RunState.Pending, WakeAt = now, CreatedAt = now };

    public void Finish(RunState state, DateTime now, string? error = null)
    {
        State = state;
        FinishedAt = now;
        Error = error is null ? null : error.Length <= ErrorMaxLength ? error : error[..ErrorMaxLength];
        ClaimToken = null;
        ClaimedUntil = null;
    }
}

public enum StepOutcome
{
    Done = 0,
    /// <summary>A condition's branch not taken, or a step with nothing to do.</summary>
    Skipped = 1,
    Waiting = 2,
    Retrying = 3,
    Failed = 4,
    Started = 5,
    NotStarted = 6,
    Completed = 7,
    Cancelled = 8,
}

/// <summary>One line of a run's log: a step executed (or the run's start and end), what it did, or why it failed.</summary>
public sealed class WorkflowStepLog : Entity
{
    public const int DetailMaxLength = 500;

    public Guid RunId { get; set; }

    public int Position { get; set; }

    public string? StepId { get; set; }

    public StepKind? Kind { get; set; }

    public StepOutcome Outcome { get; set; }

    public string? Detail { get; set; }

    public DateTime At { get; set; }

    public static WorkflowStepLog Of(WorkflowRun run, StepSpec? step, StepOutcome outcome, string? detail, DateTime at) => new()
    {
        RunId = run.Id,
        Position = run.Position,
        StepId = step?.Id,
        Kind = step?.Kind,
        Outcome = outcome,
        Detail = detail is null ? null : detail.Length <= DetailMaxLength ? detail : detail[..DetailMaxLength],
        At = at,
    };
}
