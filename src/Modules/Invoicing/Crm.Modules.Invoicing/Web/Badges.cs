using Crm.Modules.Invoicing.Features;
using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Invoicing.Domain;

namespace Crm.Modules.Invoicing.Web;

/// <summary>The colour of each status wherever it is shown.</summary>
public static class Badges
{
    public static string Of(QuoteStatus status) => status switch
    {
        QuoteStatus.Sent => "text-bg-primary",
        QuoteStatus.Accepted => "text-bg-success",
        QuoteStatus.Rejected => "text-bg-danger",
        QuoteStatus.Expired => "text-bg-warning",
        _ => "text-bg-secondary",
    };

    public static string Of(InvoiceStatus status) => status switch
    {
        InvoiceStatus.Paid or InvoiceStatus.Credited => "text-bg-success",
        InvoiceStatus.PartiallyPaid => "text-bg-info",
        InvoiceStatus.Unpaid => "text-bg-primary",
        InvoiceStatus.Overdue => "text-bg-danger",
        _ => "text-bg-secondary",
    };

    public static string Of(ChequeStatus status) => status switch
    {
        ChequeStatus.Cleared => "text-bg-success",
        ChequeStatus.Bounced => "text-bg-danger",
        ChequeStatus.Deposited => "text-bg-info",
        _ => "text-bg-primary",
    };
}

/// <summary>A quote as the customer sees it: one still marked sent but past its date shows as expired, and cannot be decided.</summary>
public static class PortalQuoteStatus
{
    public static QuoteStatus Of(Quote quote, DateOnly today) => quote.Status == QuoteStatus.Sent && quote.ValidUntil < today ? QuoteStatus.Expired : quote.Status;
}
