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

    public IReadOnlyList<string> TagList => Tags is null ? [] : Tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
