using Crm.Modules.Activities.Contracts;
using Crm.Modules.Activities.Domain;

namespace Crm.Modules.Activities.Features;

/// <summary>The one form for every kind of activity; the fields that do not apply to the kind are hidden and ignored.</summary>
public sealed class ActivityForm
{
    public Guid? Id { get; set; }

    public Guid Version { get; set; }

    /// <summary>The record it is about, <c>Type:Id</c>.</summary>
    public string Record { get; set; } = "";

    public ActivityKind Kind { get; set; }

    public string? Subject { get; set; }

    public string? Body { get; set; }

    /// <summary>The day, as the date input shows it (Jalali in Persian).</summary>
    public string? Date { get; set; }

    /// <summary>Local time of day, HH:mm.</summary>
    public string? Time { get; set; }

    public CallDirection Direction { get; set; }

    public CallOutcome Outcome { get; set; }

    public int? DurationMinutes { get; set; }

    /// <summary>When a meeting ends, HH:mm on its day.</summary>
    public string? EndTime { get; set; }

    public string? Place { get; set; }

    public string? Participants { get; set; }

    public TaskPriority Priority { get; set; } = TaskPriority.Normal;

    public Guid? AssigneeId { get; set; }

    /// <summary>Minutes before the due time to remind the assignee; null for no reminder.</summary>
    public int? RemindBefore { get; set; }

    public string? TrackingNumber { get; set; }

    /// <summary>Tags, separated by commas.</summary>
    public string? Tags { get; set; }

    public static readonly IReadOnlyList<int> ReminderChoices = [0, 15, 60, 24 * 60];

    public static readonly IReadOnlyList<ActivityKind> LoggedKinds = [ActivityKind.Call, ActivityKind.Task, ActivityKind.Meeting, ActivityKind.Note, ActivityKind.Event];
}
