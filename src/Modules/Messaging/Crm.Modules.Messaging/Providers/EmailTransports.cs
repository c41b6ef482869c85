using System.Net;
using System.Net.Mail;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.Modules.Messaging.Features;
using Crm.SharedKernel.Email;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Messaging.Providers;

/// <summary>Sends email through the configured SMTP server (host, port, TLS and credentials from the <c>Email</c> section).</summary>
public sealed class SmtpEmailTransport(IOptions<EmailOptions> options, UnsubscribeLinks unsubscribe) : IMessageTransport
{
    public MessageChannel Channel => MessageChannel.Email;

    public string Name => "smtp";

    public async Task<TransportResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var mail = OutboxMail.Create(settings.From, message, unsubscribe);
        using var client = new SmtpClient(settings.Host, settings.Port) { EnableSsl = settings.EnableSsl, Timeout = 30_000 };
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            client.Credentials = new NetworkCredential(settings.UserName, settings.Password);
        }

        try
        {
            await client.SendMailAsync(mail, cancellationToken);
            return TransportResult.Ok(OutboxMail.MessageId(message));
        }
        catch (SmtpFailedRecipientException e) when (e.StatusCode is SmtpStatusCode.MailboxUnavailable or SmtpStatusCode.MailboxNameNotAllowed or SmtpStatusCode.UserNotLocalTryAlternatePath)
        {
            return TransportResult.Refused(e.Message);
        }
        catch (SmtpException e)
        {
            return TransportResult.Retry(e.Message);
        }
    }
}

/// <summary>Writes each email as an .eml file instead of sending it: for development and demos (the outbox page lists them).</summary>
public sealed class FolderEmailTransport(IOptions<EmailOptions> options, UnsubscribeLinks unsubscribe, string folder) : IMessageTransport
{
    public MessageChannel Channel => MessageChannel.Email;

    public string Name => "folder";

    public async Task<TransportResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        using var mail = OutboxMail.Create(options.Value.From, message, unsubscribe);
        using var client = new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = folder };
        await client.SendMailAsync(mail, cancellationToken);
        return TransportResult.Ok(OutboxMail.MessageId(message));
    }
}

internal static class OutboxMail
{
    /// <summary>Stable per outbox message, so a copy sent twice is recognisable as the same message.</summary>
    public static string MessageId(OutboxMessage message) => $"<{message.Id:N}@crm.outbox>";

    /// <summary>The shared multipart message, with this outbox message's id, unsubscribe headers and attachments.</summary>
    public static MailMessage Create(string from, OutboxMessage message, UnsubscribeLinks unsubscribe)
    {
        var mail = MultipartMail.Create(from, message.To, message.Subject ?? "", message.Body, message.TextBody ?? MessageText.HtmlToText(message.Body));
        mail.Headers.Add("Message-ID", MessageId(message));
        if (message.Category == MessageCategory.Marketing)
        {
            // Mail clients show their own "unsubscribe" button from this header (RFC 2369 / 8058).
            mail.Headers.Add("List-Unsubscribe", $"<{unsubscribe.Url(MessageChannel.Email, message.ToKey)}>");
            mail.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        foreach (var file in message.Attachments)
        {
            mail.Attachments.Add(new Attachment(new MemoryStream(file.Content), file.FileName, file.ContentType));
        }

        return mail;
    }
}
