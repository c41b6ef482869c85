using Crm.SharedKernel.Domain;

namespace Crm.Modules.Workflow.Domain;

/// <summary>
/// A task or approval a workflow step gave someone: the activity planned for the assignee, and, for an approval, the
/// decision and its comment. It is what "My workflow tasks" lists; a run waiting for it goes on when it is done or decided.
/// </summary>
public sealed class WorkflowTask : Entity
{
    public const int SubjectMaxLength = 200;
    public const int CommentMaxLength = 1000;

    public Guid RunId { get; set; }

    public int Position { get; set; }

    public Guid ActivityId { get; set; }

    public bool IsApproval { get; set; }

    public Guid AssigneeId { get; set; }

    public string Subject { get; set; } = "";

    /// <summary>The step's tags, comma-separated, to filter and colour the inbox by.</summary>
    public string? Tags { get; set; }

    public string RecordType { get; set; } = "";

    public Guid RecordId { get; set; }

    public DateTime DueAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? DoneAt { get; set; }

    public bool? Approved { get; set; }

    public string? Comment { get; set; }

    public Guid? DecidedBy { get; set; }

    /// <summary>The deal progress (0–100) the task stands for once done; 0 for none.</summary>
    public int Progress { get; set; }

    public IReadOnlyList<string> TagList => Tags is null ? [] : Tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// A scheduled workflow's sweep: the occurrence being swept (or the last one swept) and how far through the records it
/// got, saved with each page's runs, so a sweep cut short goes on where it stopped and starts no record twice.
/// </summary>
public sealed class WorkflowSchedule
{
    public Guid WorkflowId { get; set; }

    /// <summary>The cron occurrence (UTC) this row is about.</summary>
    public DateTime Occurrence { get; set; }

    /// <summary>Records already looked at, in id order.</summary>
    public int Offset { get; set; }

    public bool Done { get; set; }

    public DateTime? ClaimedUntil { get; set; }
}

/// <summary>A counter that survives restarts and is shared by instances: whose turn it is in a team's round robin.</summary>
public sealed class WorkflowCounter
{
    public string Key { get; set; } = "";

    public long Value { get; set; }
}
