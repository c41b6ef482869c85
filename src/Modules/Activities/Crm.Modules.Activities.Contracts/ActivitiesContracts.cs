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
