using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.Modules.Messaging.Features;
using Crm.SharedKernel.Email;

namespace Crm.Modules.Messaging.Providers;

/// <summary>
/// Sends the outbox's email through the platform's mail delivery (SMTP, or a folder in development), with this
/// message's id, unsubscribe headers and attachments. A recipient refused for good is not tried again; a server that cannot take it now is tried again later.
/// </summary>
public sealed class EmailTransport(IMailDelivery delivery, UnsubscribeLinks unsubscribe) : IMessageTransport
{
    public MessageChannel Channel => MessageChannel.Email;

    public string Name => delivery.Name;

    /// <summary>Stable per outbox message, so a copy sent twice is recognisable as the same message.</summary>
    public static string MessageId(OutboxMessage message) => $"<{message.Id:N}@crm.outbox>";

    public async Task<TransportResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await delivery.SendAsync(Mail(message), cancellationToken);
            return TransportResult.Ok(MessageId(message));
        }
        catch (MailRefusedException e)
        {
            return TransportResult.Bounce(e.Message);
        }
        catch (MailUnavailableException e)
        {
            return TransportResult.Retry(e.Message);
        }
    }

    private OutgoingMail Mail(OutboxMessage message)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (message.Category == MessageCategory.Marketing)
        {
            // Mail clients show their own "unsubscribe" button from this header (RFC 2369 / 8058).
            headers.Add(new("List-Unsubscribe", $"<{unsubscribe.Url(MessageChannel.Email, message.ToKey, message.Id)}>"));
            headers.Add(new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
        }

        return new OutgoingMail(message.To, message.Subject ?? "", message.Body, message.TextBody ?? MessageText.HtmlToText(message.Body))
        {
            MessageId = MessageId(message),
            Headers = headers,
            Attachments = [.. message.Attachments.Select(a => new MailAttachment(a.FileName, a.ContentType, a.Content))],
        };
    }
}
