using Crm.Modules.Activities.Contracts;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Records;

namespace Crm.Modules.Activities.Domain;

public enum CallDirection
{
    Outgoing = 0,
    Incoming = 1,
    Missed = 2,
}

public enum CallOutcome
{
    Reached = 0,
    NoAnswer = 1,
    Busy = 2,
    LeftMessage = 3,
    WrongNumber = 4,
}

public enum TaskPriority
{
    Low = 0,
    Normal = 1,
    High = 2,
}

/// <summary>
/// One entry on a record's timeline: a call, meeting, task, note or event logged by someone, or a system entry written by
/// the CRM. <see cref="OccurredAt"/> orders the timeline: when a call or note happened, when a meeting starts, when a task is due.
/// </summary>
public sealed class Activity : AggregateRoot
{
    public ActivityKind Kind { get; set; }

    public string RecordType { get; set; } = "";

    public Guid RecordId { get; set; }

    public string Subject { get; set; } = "";

    /// <summary>The Persian text of a system entry; <see cref="Subject"/> holds the English one.</summary>
    public string? PersianSubject { get; set; }

    public string? Body { get; set; }

    public DateTime OccurredAt { get; set; }

    public CallDirection? Direction { get; set; }

    public int? DurationSeconds { get; set; }

    public CallOutcome? Outcome { get; set; }

    public DateTime? EndsAt { get; set; }

    public string? Place { get; set; }

    public string? Participants { get; set; }

    public TaskPriority Priority { get; set; } = TaskPriority.Normal;

    /// <summary>Who does the task or attends the meeting; reminders go to them.</summary>
    public Guid? AssigneeId { get; set; }

    public DateTime? RemindAt { get; set; }

    public DateTime? ReminderSentAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    public string? TrackingNumber { get; set; }

    public RecordRef Record => new(RecordType, RecordId);

    public bool IsSystem => Kind >= ActivityKind.StatusChange;

    /// <summary>Tasks and meetings are planned; they can be done, and they remind.</summary>
    public bool IsPlanned => Kind is ActivityKind.Task or ActivityKind.Meeting;

    public string SubjectIn(bool persian) => persian && PersianSubject is not null ? PersianSubject : Subject;
}

/// <summary>A comment on any record; its earlier texts are kept in <see cref="CommentRevision"/>.</summary>
public sealed class Comment : AggregateRoot
{
    public string RecordType { get; set; } = "";

    public Guid RecordId { get; set; }

    public Guid AuthorId { get; set; }

    public string Text { get; set; } = "";

    public DateTime? EditedAt { get; set; }
}

/// <summary>A comment's text before an edit.</summary>
public sealed class CommentRevision : Entity
{
    public Guid CommentId { get; set; }

    public string Text { get; set; } = "";

    public DateTime ReplacedAt { get; set; }
}
