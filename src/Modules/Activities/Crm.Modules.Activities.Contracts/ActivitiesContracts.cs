using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;

namespace Crm.Modules.Activities.Contracts;

public static class ActivitiesPermissions
{
    /// <summary>Read timelines and comments of the records one can see; "My day" and the calendar.</summary>
    public const string View = "activities.view";

    /// <summary>Log calls, meetings, tasks, notes and events; comment.</summary>
    public const string Edit = "activities.edit";
}

/// <summary>What a timeline entry is. The first five are logged by people; the rest are written by the CRM itself.</summary>
public enum ActivityKind
{
    Call = 0,
    Meeting = 1,
    Task = 2,
    Note = 3,
    Event = 4,
    StatusChange = 10,
    EmailSent = 11,
    SmsSent = 12,
    Document = 13,
}

/// <summary>
/// Writes a system entry on a record's timeline: a status change, a document, a message sent. The text is given in both
/// languages; the entry carries the system tag of its kind ("status changed", "email sent", "SMS sent"). Returns its id.
/// Any module whose records are published as an <see cref="IRecordType"/> can send it.
/// </summary>
public sealed record LogTimelineEvent(RecordRef Record, ActivityKind Kind, LocalText Summary) : ICommand<Guid>
{
    public DateTime? At { get; init; }
}

/// <summary>
/// How many calls, meetings, tasks, notes, events, emails and SMS each of <paramref name="People"/> did in the period: a
/// task or meeting counts for its assignee, anything else for whoever logged it; tasks and meetings by their date.
/// </summary>
public sealed record CountActivities(DateTime FromUtc, DateTime ToUtc, IReadOnlyCollection<Guid> People) : IRequest<IReadOnlyList<ActivityCount>>;

public sealed record ActivityCount(Guid PersonId, ActivityKind Kind, int Count);

/// <summary>The current user's open tasks and meetings: overdue, due today, and in the coming week.</summary>
public sealed record GetMyTaskCounts : IRequest<MyTaskCounts>;

public sealed record MyTaskCounts(int Overdue, int Today, int Upcoming);

/// <summary>When a record was first reached: its earliest call, note, email or SMS.</summary>
public sealed class FirstContact
{
    public Guid RecordId { get; set; }

    public DateTime At { get; set; }
}

/// <summary>
/// The first contact with each record of a type, as a query another module joins into its own (lead response time):
/// one statement, the grouping done by the database. The modules share one database (ADR 0003); the activity tables stay private.
/// </summary>
public interface IRecordContacts
{
    IQueryable<FirstContact> FirstContacts(string recordType);
}

/// <summary>
/// The open tasks of a record changed (one was planned, moved, done, reopened, deleted or restored): the earliest one
/// still open is now due at <paramref name="NextDueUtc"/>, or none is open. The module that owns the record keeps its
/// "next follow-up" from it.
/// </summary>
public sealed record FollowUpsChanged(RecordRef Record, DateTime? NextDueUtc) : INotification;

/// <summary>
/// Plans a task, call or meeting on a record for a user, on the system's behalf (an automation): its assignee is told,
/// and the record's next follow-up moves as when a person plans one. Returns the activity's id.
/// </summary>
public sealed record PlanActivity(RecordRef Record, ActivityKind Kind, Guid AssigneeId, string Subject, DateTime DueUtc) : ICommand<Guid>
{
    public string? Body { get; init; }

    public bool HighPriority { get; init; }

    /// <summary>Public tags put on the activity, so task lists can be filtered by them.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Plan nothing (and answer <see cref="Guid.Empty"/>) when the record already has an open task or meeting.</summary>
    public bool OnlyIfNoneOpen { get; init; }

    /// <summary>Do not tell the assignee of this one: the sender tells them once of many (a call list's calls).</summary>
    public bool Silent { get; init; }
}

/// <summary>
/// Closes every open task and meeting of a record, marked done by the system (the lead turned out worthless): their
/// assignees' lists and the record's next follow-up follow. Returns how many were closed.
/// </summary>
public sealed record CloseOpenActivities(RecordRef Record) : ICommand<int>;

/// <summary>A planned task, call or meeting was marked done (by its page, or by <see cref="CompleteActivity"/>).</summary>
public sealed record ActivityDone(Guid ActivityId, RecordRef Record, Guid? DoneBy) : INotification;

/// <summary>
/// Marks a planned activity done on behalf of its assignee working from another module's page (a workflow task inbox);
/// false when it is not found, not planned, or already done.
/// </summary>
public sealed record CompleteActivity(Guid ActivityId) : ICommand<bool>;
