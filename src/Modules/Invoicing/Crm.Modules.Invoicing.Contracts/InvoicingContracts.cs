using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;

namespace Crm.Modules.Invoicing.Contracts;

/// <summary>Permissions of the Invoicing module: quotes, invoices, payments, cheques and payment reminders.</summary>
public static class InvoicingPermissions
{
    /// <summary>See quotes, invoices and payments (one's own and one's team's, or all with the platform's see-all permission).</summary>
    public const string View = "invoicing.view";

    /// <summary>Write quotes and invoices, send them, issue and cancel invoices.</summary>
    public const string Edit = "invoicing.edit";

    /// <summary>Record payments and cheques, change a cheque's status, plan installments.</summary>
    public const string Payments = "invoicing.payments";

    /// <summary>Approve or reject a quote whose discount is above the threshold.</summary>
    public const string ApproveDiscounts = "invoicing.discounts.approve";

    public const string Export = "invoicing.export";

    /// <summary>Company details on documents, numbering, the approval threshold and the reminder policies.</summary>
    public const string ManageSettings = "invoicing.settings.manage";
}

/// <summary>The record types the Invoicing module publishes.</summary>
public static class InvoicingRecordTypes
{
    public const string Quote = "Quote";
    public const string Invoice = "Invoice";
}

/// <summary>Where an invoice stands, always derived from its payments and dates.</summary>
public enum InvoiceStatus
{
    Draft = 0,
    Unpaid = 1,
    PartiallyPaid = 2,
    Paid = 3,
    Overdue = 4,
    Cancelled = 5,

    /// <summary>An issued return (credit) invoice: it is not paid but reduces what the customer owes on the invoice it returns.</summary>
    Credited = 6,
}

/// <summary>Published once, after the commit, when an invoice got its number.</summary>
public sealed record InvoiceIssued(Guid InvoiceId, string Number, RecordRef Customer, long Total, Guid? OwnerId, Guid? TeamId, DateOnly IssueDate) : IDomainEvent;

/// <summary>Published after the commit each time an invoice became fully paid (again after a bounced cheque was replaced).</summary>
public sealed record InvoicePaid(Guid InvoiceId, string Number, RecordRef Customer, long Total, Guid? OwnerId, Guid? TeamId, DateTime PaidAt) : IDomainEvent
{
    /// <summary>The deal the invoice sells, when it was made from a deal's quote.</summary>
    public Guid? OpportunityId { get; init; }
}

/// <summary>Published after the commit when the customer accepted a quote; <see cref="OpportunityId"/> is the deal it was written for, if any.</summary>
public sealed record QuoteAccepted(Guid QuoteId, string Number, Guid? OpportunityId) : INotification;

/// <summary>Published once per due date, the first day an invoice is found unpaid after it.</summary>
public sealed record InvoiceOverdue(Guid InvoiceId, string Number, RecordRef Customer, long AmountDue, DateOnly DueDate, Guid? OwnerId) : IDomainEvent;

/// <summary>A line of an issued invoice as purchase history: who bought what, when, how many, for how much (after discount, before VAT).</summary>
public sealed record PurchaseLine(Guid InvoiceId, string InvoiceNumber, DateOnly IssueDate, RecordRef Customer, string CustomerName, Guid? ProductId, string Description,
    decimal Quantity, string Unit, long NetAmount, bool IsReturn);

/// <summary>
/// What a customer bought in a period (from and to inclusive, either open), from issued invoices that were not cancelled;
/// returns come with <see cref="PurchaseLine.IsReturn"/>. Only invoices the current user may see.
/// </summary>
public sealed record GetCustomerPurchases(RecordRef Customer, DateOnly? From = null, DateOnly? To = null) : IRequest<IReadOnlyList<PurchaseLine>>;

/// <summary>Who bought a product in a period, newest first, with the same rules as <see cref="GetCustomerPurchases"/>.</summary>
public sealed record GetProductBuyers(Guid ProductId, DateOnly? From = null, DateOnly? To = null, int Take = 500) : IRequest<IReadOnlyList<PurchaseLine>>;

/// <summary>
/// Revenue from the issued, not cancelled invoices dated in the period (both days included) that the user may see: net of
/// discounts and VAT, returns subtracted; by customer (with the count of invoices and the last purchase), by product and by day.
/// </summary>
public sealed record GetRevenue(DateOnly From, DateOnly To) : IRequest<Revenue>;

public sealed record Revenue(IReadOnlyList<CustomerRevenue> ByCustomer, IReadOnlyList<ProductRevenue> ByProduct, IReadOnlyList<DayRevenue> ByDay);

public sealed record CustomerRevenue(RecordRef Customer, string Name, int Invoices, decimal Net, DateOnly LastPurchase);

/// <summary>A catalog product's sales (or, with no product, the free-text lines together).</summary>
public sealed record ProductRevenue(Guid? ProductId, string Description, decimal Quantity, decimal Net);

public sealed record DayRevenue(DateOnly Date, decimal Net);

/// <summary>
/// Per owner over the period: the net invoiced (issued invoices dated in it), the payments received in it, and the
/// commission earned on the invoices paid in full in it, by the sales module's commission rules.
/// </summary>
public sealed record GetOwnerRevenue(DateOnly From, DateOnly To) : IRequest<IReadOnlyList<OwnerRevenue>>;

public sealed record OwnerRevenue(Guid OwnerId, decimal Invoiced, decimal Paid, decimal Commission);

/// <summary>A line of a service invoice: a part or a labour item; a line the warranty covers comes with a zero price.</summary>
public sealed record ServiceInvoiceLine(Guid? ProductId, string Description, string Unit, decimal Quantity, long UnitPrice, decimal VatRate);

/// <summary>
/// Writes and issues a service invoice (after-sales work, in warranty or not) for the customer, numbered in the service
/// series and paid like any invoice. <paramref name="Note"/> is printed on it (the repair it bills). Refused with the
/// reason when a line is out of bounds (at most 300 lines, each at most <c>MoneyText.MaxRials</c>).
/// </summary>
public sealed record IssueServiceInvoice(RecordRef Customer, string CustomerName, Guid? OwnerId, Guid? TeamId, string Note, IReadOnlyList<ServiceInvoiceLine> Lines)
    : ICommand<ServiceInvoiceResult>;

public sealed record ServiceInvoiceResult(Guid? InvoiceId, string? Number, long Total, string? Error);

/// <summary>
/// What the issued sales invoices of these deals brought in: the payments counted on them (at most
/// <see cref="MaxDeals"/> deals a question).
/// </summary>
public sealed record GetDealPayments(IReadOnlyCollection<Guid> DealIds) : IRequest<decimal>
{
    public const int MaxDeals = 10_000;
}

/// <summary>
/// Which of these contacts were invoiced on or after <paramref name="Since"/> (an issued sales invoice not cancelled):
/// recent buyers a campaign may leave out. At most <see cref="MaxContacts"/> a question.
/// </summary>
public sealed record FindRecentBuyers(IReadOnlyCollection<Guid> ContactIds, DateOnly Since) : IRequest<IReadOnlySet<Guid>>
{
    public const int MaxContacts = 5_000;
}
