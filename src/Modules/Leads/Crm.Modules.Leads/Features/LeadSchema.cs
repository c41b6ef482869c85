using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Leads.Domain;
using Crm.SharedKernel.Records;

namespace Crm.Modules.Leads.Features;

/// <summary>The lead fields automations see: compared in conditions and triggers, and the settable ones changed by a step.</summary>
public static class LeadSchema
{
    public static RecordSchema Instance { get; } = new(RecordTypes.Lead, typeof(Lead), typeof(LeadsResources),
    [
        new(nameof(Lead.FullName), FieldKind.Text, "Field_FullName"),
        new(nameof(Lead.Mobile), FieldKind.Text, "Field_Mobile"),
        new(nameof(Lead.Email), FieldKind.Text, "Field_Email"),
        new(nameof(Lead.Company), FieldKind.Text, "Field_Company"),
        new(nameof(Lead.JobTitle), FieldKind.Text, "Field_JobTitle", Settable: true),
        new(nameof(Lead.City), FieldKind.Text, "Field_City", Settable: true),
        new(nameof(Lead.Source), FieldKind.Choice, "Field_Source", Settable: true) { ChoiceType = typeof(CustomerSource), ChoicePrefix = "Source_" },
        new(nameof(Lead.Status), FieldKind.Choice, "Field_Status", Settable: true) { ChoiceType = typeof(LeadStatus), ChoicePrefix = "Status_" },
        new(nameof(Lead.Priority), FieldKind.Choice, "Field_Priority", Settable: true) { ChoiceType = typeof(LeadPriority), ChoicePrefix = "Priority_" },
        new(nameof(Lead.Rating), FieldKind.Number, "Field_Rating", Settable: true),
        new(nameof(Lead.NextFollowUp), FieldKind.Date, "Field_NextFollowUp"),
        new(nameof(Lead.OwnerId), FieldKind.User, "Field_Owner"),
        new(nameof(Lead.TeamId), FieldKind.Team, "Field_Team"),
        new(nameof(Lead.CreatedAt), FieldKind.Date, "Field_CreatedAt"),
    ]) { LabelKey = "RecordType_Lead" };
}
