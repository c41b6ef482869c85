using System.Net;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Tickets.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Crm.SharedKernel.Web;

namespace Crm.Modules.Tickets.Features;

/// <summary>
/// Asks the customer, once, how the service went when their ticket is first closed: an SMS to their mobile, or else an
/// email, with a signed link to rate it 1 to 5 with an optional comment. The message goes through the messaging outbox in
/// the closing's transaction, so a closing that fails sends nothing and one that commits is asked about exactly once.
/// </summary>
public sealed class TicketSatisfaction(IMediator mediator, CustomerLinks links, IClock clock, IStringLocalizer<TicketsResources> l)
{
    /// <summary>The language customers are written to; Persian, as the customers of the app's users are.</summary>
    private const string Culture = SupportedCultures.Persian;

    public async Task RequestAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        if (ticket.RatingRequestedAt is not null)
        {
            return;
        }

        var customer = ticket.OrganizationId is { } o ? new RecordRef(RecordTypes.Organization, o) : new RecordRef(RecordTypes.Contact, ticket.ContactId ?? Guid.Empty);
        var details = (await mediator.Send(new GetBillingDetails([customer]), cancellationToken)).GetValueOrDefault(customer);
        var link = links.Url(CustomerLinks.Rating, ticket.Id);
        SendMessage? message = null;
        if (details?.Mobile is { } mobile && PhoneNumber.IsIranianMobile(mobile))
        {
            message = new SendMessage(MessageChannel.Sms, mobile) { Body = l.InCulture(Culture, "Rating_Sms", ticket.Number, link) };
        }
        else if (details?.Email is { } email && EmailAddress.IsValid(email))
        {
            message = new SendMessage(MessageChannel.Email, email)
            {
                Subject = l.InCulture(Culture, "Rating_Subject", ticket.Number),
                Body = $"<p dir=\"rtl\">{WebUtility.HtmlEncode(l.InCulture(Culture, "Rating_Email", ticket.Number, ticket.Subject))}</p><p dir=\"rtl\"><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(l.InCulture(Culture, "Rating_Link"))}</a></p>",
            };
        }

        if (message is not null)
        {
            await mediator.Send(message with { Culture = "fa", Recipient = new RecipientRef(customer.Type, customer.Id) }, cancellationToken);
            ticket.RatingRequestedAt = clock.UtcNow;
        }
    }
}

/// <summary>The customer's rating, from the signed link or the portal; taken once.</summary>
public sealed record RateTicket(Guid TicketId, int Score, string? Comment) : ICommand<CommandResult>;

public sealed class RateTicketHandler(DbContext db, IClock clock, IStringLocalizer<TicketsResources> l) : IRequestHandler<RateTicket, CommandResult>
{
    public async ValueTask<CommandResult> Handle(RateTicket request, CancellationToken cancellationToken)
    {
        // No signed-in user: the signed link is what authorises it.
        var ticket = await db.Set<Ticket>().FirstOrDefaultAsync(t => t.Id == request.TicketId, cancellationToken) ?? throw new KeyNotFoundException();
        // Asked for by the link sent at closing, or given unasked on the portal once the ticket is resolved.
        if (ticket.Rating is not null || (ticket.RatingRequestedAt is null && ticket.Status is not (TicketStatus.Resolved or TicketStatus.Closed)))
        {
            return CommandResult.Invalid("", l["Rating_Already"]);
        }

        if (request.Score is < 1 or > 5)
        {
            return CommandResult.Invalid("Score", l["Rating_Choose"]);
        }

        var comment = request.Comment?.Trim();
        (ticket.Rating, ticket.RatedAt) = (request.Score, clock.UtcNow);
        ticket.RatingComment = string.IsNullOrEmpty(comment) ? null : TextLimits.Shorten(comment, Ticket.RatingCommentMaxLength);
        return new CommandResult(ticket.Id, new Dictionary<string, string>());
    }
}
