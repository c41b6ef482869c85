using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Invoicing.Domain;
using Crm.SharedKernel.Records;

namespace Crm.Modules.Invoicing.Features;

/// <summary>
/// The quote and invoice fields automations read and compare ("3 working days after the quote was sent", "until the
/// balance is 0"). Documents are changed only by their own commands (issue, send, pay), so nothing here is settable.
/// </summary>
public static class DocumentSchemas
{
    public static RecordSchema Quote { get; } = new(InvoicingRecordTypes.Quote, typeof(Quote), typeof(InvoicingResources),
    [
        new(nameof(Domain.Quote.Number), FieldKind.Text, "Field_Number"),
        new(nameof(Domain.Quote.CustomerName), FieldKind.Text, "Field_Customer"),
        new(nameof(Domain.Quote.Status), FieldKind.Choice, "Field_Status") { ChoiceType = typeof(QuoteStatus), ChoicePrefix = "QuoteStatus_" },
        new(nameof(Domain.Quote.Total), FieldKind.Number, "Field_Total"),
        new(nameof(Domain.Quote.QuoteDate), FieldKind.Date, "Field_Date"),
        new(nameof(Domain.Quote.ValidUntil), FieldKind.Date, "Field_ValidUntil"),
        new(nameof(Domain.Quote.SentAt), FieldKind.Date, "Field_SentAt"),
        new(nameof(Domain.Quote.DecidedAt), FieldKind.Date, "Field_DecidedAt"),
        new(nameof(Domain.Quote.OwnerId), FieldKind.User, "Field_Owner"),
        new(nameof(Domain.Quote.TeamId), FieldKind.Team, "Field_Team"),
        new(nameof(Domain.Quote.CreatedAt), FieldKind.Date, "Field_CreatedAt"),
    ]) { CustomerField = "ContactId", LabelKey = "RecordType_Quote", MobileField = null, EmailField = null };

    public static RecordSchema Invoice { get; } = new(InvoicingRecordTypes.Invoice, typeof(Invoice), typeof(InvoicingResources),
    [
        new(nameof(Domain.Invoice.Number), FieldKind.Text, "Field_Number"),
        new(nameof(Domain.Invoice.CustomerName), FieldKind.Text, "Field_Customer"),
        new(nameof(Domain.Invoice.Type), FieldKind.Choice, "Field_Type") { ChoiceType = typeof(InvoiceType), ChoicePrefix = "InvoiceType_" },
        new(nameof(Domain.Invoice.Total), FieldKind.Number, "Field_Total"),
        new(nameof(Domain.Invoice.PaidAmount), FieldKind.Number, "Field_Paid"),
        new(nameof(Domain.Invoice.Balance), FieldKind.Number, "Field_Balance"),
        new(nameof(Domain.Invoice.IssueDate), FieldKind.Date, "Field_IssueDate"),
        new(nameof(Domain.Invoice.DueDate), FieldKind.Date, "Field_DueDate"),
        new(nameof(Domain.Invoice.IssuedAt), FieldKind.Date, "Field_IssuedAt"),
        new(nameof(Domain.Invoice.PaidAt), FieldKind.Date, "Field_PaidAt"),
        new(nameof(Domain.Invoice.CancelledAt), FieldKind.Date, "Field_CancelledAt"),
        new(nameof(Domain.Invoice.OwnerId), FieldKind.User, "Field_Owner"),
        new(nameof(Domain.Invoice.TeamId), FieldKind.Team, "Field_Team"),
        new(nameof(Domain.Invoice.CreatedAt), FieldKind.Date, "Field_CreatedAt"),
    ])
    {
        LabelKey = "RecordType_Invoice",
        CustomerField = "ContactId",
        Events = [new(Domain.Invoice.PaidEvent, "Event_InvoicePaid"), new(Domain.Invoice.OverdueEvent, "Event_InvoiceOverdue")],
        MobileField = null,
        EmailField = null,
    };
}
