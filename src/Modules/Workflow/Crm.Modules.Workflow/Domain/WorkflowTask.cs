using Crm.SharedKernel.Domain;

namespace Crm.Modules.Workflow.Domain;

/// <summary>
/// A task or approval a workflow step gave someone: the activity planned for the assignee, and, for an approval, the
/// decision and its comment. It is what "My workflow tasks" lists; a run waiting for it goes on when it is done or decided.
/// A customer's task (<see cref="CustomerId"/>) has no assignee or activity: the customer does it on the portal.
/// </summary>
public sealed class WorkflowTask : Entity
{
    public const int SubjectMaxLength = 200;
    public const int CommentMaxLength = 1000;
    public const int InstructionsMaxLength = 2000;
    public const int FileNameMaxLength = 200;

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

    /// <summary>The contact who does this task on the portal; null for a staff task.</summary>
    public Guid? CustomerId { get; set; }

    public CustomerAsk Ask { get; set; }

    /// <summary>The public key of the form the customer is asked to fill.</summary>
    public string? FormKey { get; set; }

    /// <summary>What the customer is asked to do, in the step's words.</summary>
    public string? Instructions { get; set; }

    /// <summary>The document the customer sent, kept under <see cref="FileStore"/> in the file store.</summary>
    public string? FileName { get; set; }

    public string? FileType { get; set; }

    public string? FileStore { get; set; }

    /// <summary>What the customer's doing produced (the form's submission).</summary>
    public string? ResultType { get; set; }

    public Guid? ResultId { get; set; }

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
