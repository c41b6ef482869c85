using System.Net;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Tickets.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Text;

namespace Crm.Modules.Tickets.Features;

/// <summary>
/// Sends a public reply to the customer by email through the messaging outbox, in the reply's transaction, with the
/// ticket's number in the subject so the customer's answer joins the ticket when it reaches the team's mailbox.
/// A customer without a valid email gets nothing (the reply stays on the ticket, for the portal and the phone).
/// </summary>
public sealed class TicketReplies(IMediator mediator)
{
    public static string Subject(Ticket ticket) => $"[{ticket.Number}] {ticket.Subject}";

    public async Task<Guid?> SendAsync(Ticket ticket, string body, CancellationToken cancellationToken)
    {
        var customer = ticket.OrganizationId is { } o ? new RecordRef(RecordTypes.Organization, o) : new RecordRef(RecordTypes.Contact, ticket.ContactId ?? Guid.Empty);
        var details = (await mediator.Send(new GetBillingDetails([customer]), cancellationToken)).GetValueOrDefault(customer);
        if (details?.Email is not { } email || !EmailAddress.IsValid(email))
        {
            return null;
        }

        var html = "<div dir=\"auto\" style=\"white-space:pre-wrap\">" + WebUtility.HtmlEncode(body) + "</div>";
        return await mediator.Send(new SendMessage(MessageChannel.Email, email)
        {
            Subject = Subject(ticket), Body = html, Recipient = new RecipientRef(customer.Type, customer.Id),
        }, cancellationToken);
    }
}
