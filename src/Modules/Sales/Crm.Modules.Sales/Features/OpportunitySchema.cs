using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.SharedKernel.Records;

namespace Crm.Modules.Sales.Features;

/// <summary>
/// The deal fields automations see. The stage is read and compared ("entered stage X") but moved only by the pipeline's
/// own rules, so every move lands in the stage history.
/// </summary>
public static class OpportunitySchema
{
    public static RecordSchema Instance { get; } = new(RecordTypes.Opportunity, typeof(Opportunity), typeof(SalesResources),
    [
        new(nameof(Opportunity.Name), FieldKind.Text, "Field_Name"),
        new(nameof(Opportunity.CustomerName), FieldKind.Text, "Field_Customer"),
        new(nameof(Opportunity.Amount), FieldKind.Number, "Field_AmountRial"),
        new(nameof(Opportunity.ProcessId), FieldKind.Lookup, "Field_Process"),
        new(nameof(Opportunity.StageId), FieldKind.Lookup, "Field_Stage"),
        new(nameof(Opportunity.Status), FieldKind.Choice, "Field_Status") { ChoiceType = typeof(OpportunityStatus), ChoicePrefix = "Status_" },
        new(nameof(Opportunity.Probability), FieldKind.Number, "Field_Probability", Settable: true),
        new(nameof(Opportunity.WorkProgress), FieldKind.Number, "Field_WorkProgress"),
        new(nameof(Opportunity.ExpectedClose), FieldKind.Date, "Field_ExpectedClose", Settable: true),
        new(nameof(Opportunity.NextStep), FieldKind.Text, "Field_NextStep", Settable: true),
        new(nameof(Opportunity.NextStepDate), FieldKind.Date, "Field_NextStepDate", Settable: true),
        new(nameof(Opportunity.Source), FieldKind.Choice, "Field_Source") { ChoiceType = typeof(CustomerSource), ChoicePrefix = "Source_" },
        new(nameof(Opportunity.OwnerId), FieldKind.User, "Field_Owner"),
        new(nameof(Opportunity.TeamId), FieldKind.Team, "Field_Team"),
        new(nameof(Opportunity.StageEnteredAt), FieldKind.Date, "Field_InStageSince"),
        new(nameof(Opportunity.ClosedAt), FieldKind.Date, "Field_ClosedAt"),
        new(nameof(Opportunity.CreatedAt), FieldKind.Date, "Field_CreatedAt"),
    ]) { LabelKey = "RecordType_Opportunity", CustomerField = "ContactId", OpensFor = [RecordTypes.Lead, RecordTypes.Contact, RecordTypes.Organization] };
}
