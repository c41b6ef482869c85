using Crm.Modules.Activities.Contracts;
using Crm.Modules.Activities.Domain;
using Crm.SharedKernel.Records;

namespace Crm.Modules.Activities.Features;

/// <summary>
/// The activity fields automations see ("a call logged on a lead"): an activity's person to tell is its assignee, and
/// the record it is on is named by <see cref="Activity.RecordType"/> and <see cref="Activity.RecordId"/>.
/// </summary>
public static class ActivitySchema
{
    public static RecordSchema Instance { get; } = new(RecordTypes.Activity, typeof(Activity), typeof(ActivitiesResources),
    [
        new(nameof(Activity.Kind), FieldKind.Choice, "Field_Kind") { ChoiceType = typeof(ActivityKind), ChoicePrefix = "Kind_" },
        new(nameof(Activity.Subject), FieldKind.Text, "Field_Subject"),
        new(nameof(Activity.RecordType), FieldKind.Text, "Field_RecordType"),
        new(nameof(Activity.RecordId), FieldKind.Text, "Field_RecordId"),
        new(nameof(Activity.OccurredAt), FieldKind.Date, "Field_Date"),
        new(nameof(Activity.Outcome), FieldKind.Choice, "Field_Outcome") { ChoiceType = typeof(CallOutcome), ChoicePrefix = "Outcome_" },
        new(nameof(Activity.Priority), FieldKind.Choice, "Field_Priority", Settable: true) { ChoiceType = typeof(TaskPriority), ChoicePrefix = "Priority_" },
        new(nameof(Activity.AssigneeId), FieldKind.User, "Field_Assignee"),
        new(nameof(Activity.CompletedAt), FieldKind.Date, "Field_CompletedAt"),
        new(nameof(Activity.CreatedAt), FieldKind.Date, "Field_CreatedAt"),
    ]) { LabelKey = "RecordType_Activity", OwnerField = nameof(Activity.AssigneeId), MobileField = null, EmailField = null };
}
