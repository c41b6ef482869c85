using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Notifications.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Sales.Features;

/// <summary>
/// Closes the loop from document to deal: when a deal's quote is accepted or the invoice made from it is paid, an open
/// deal is marked won by itself if its process says so (paid invoices only), and otherwise offers to be marked won in
/// one click on its page, and its owner is told.
/// </summary>
public sealed class DealWinOffers(DbContext db, IMediator mediator, Pipeline pipeline, IStringLocalizer<SalesResources> l)
    : INotificationHandler<QuoteAccepted>, INotificationHandler<InvoicePaid>
{
    public const string QuoteAcceptedOffer = "QuoteAccepted";
    public const string InvoicePaidOffer = "InvoicePaid";

    public ValueTask Handle(QuoteAccepted notification, CancellationToken cancellationToken) =>
        OfferAsync(notification.OpportunityId, QuoteAcceptedOffer, notification.Number, mayWin: false, cancellationToken);

    public ValueTask Handle(InvoicePaid notification, CancellationToken cancellationToken) =>
        OfferAsync(notification.OpportunityId, InvoicePaidOffer, notification.Number, mayWin: true, cancellationToken);

    private async ValueTask OfferAsync(Guid? dealId, string reason, string number, bool mayWin, CancellationToken cancellationToken)
    {
        var deal = dealId is { } id ? await db.Set<Opportunity>().FirstOrDefaultAsync(o => o.Id == id, cancellationToken) : null;
        if (deal is null || deal.Status != OpportunityStatus.Open)
        {
            return;
        }

        var process = await pipeline.ProcessAsync(deal.ProcessId, cancellationToken);
        if (mayWin && process is { WinOnInvoicePaid: true })
        {
            var moved = await mediator.Send(new MoveOpportunity(deal.Id, deal.Version, process.Won.Id, Confirmed: true), cancellationToken);
            if (moved.Status == MoveStatus.Moved)
            {
                await NotifyAsync(deal, l.InBoth("Notify_DealWonByInvoice", deal.Name, number), cancellationToken);
                return;
            }

            await db.Entry(deal).ReloadAsync(cancellationToken);
        }

        deal.WinOffer = Crm.SharedKernel.Text.TextLimits.Shorten($"{reason}|{number}", 100);
        await db.SaveChangesAsync(cancellationToken);
        await NotifyAsync(deal, l.InBoth(reason == InvoicePaidOffer ? "Notify_WinOfferInvoice" : "Notify_WinOfferQuote", deal.Name, number), cancellationToken);
    }

    private async Task NotifyAsync(Opportunity deal, LocalText text, CancellationToken cancellationToken)
    {
        if (deal.OwnerId is { } owner)
        {
            await mediator.Send(new Notify([owner], text, $"/Sales/Opportunities/Details/{deal.Id}"), cancellationToken);
        }
    }

    /// <summary>The stored offer as (reason, document number), or null.</summary>
    public static (string Reason, string Number)? Parse(string? offer) =>
        offer?.Split('|', 2) is [var reason, var number] ? (reason, number) : null;
}
