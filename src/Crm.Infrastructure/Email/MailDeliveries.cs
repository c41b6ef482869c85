using Crm.SharedKernel.Email;
using MailKit.Net.Smtp;
using System.Net.Security;
using System.Security.Cryptography;
using MailKit.Security;
using AuthenticationException = MailKit.Security.AuthenticationException;
using Microsoft.Extensions.Options;

namespace Crm.Infrastructure.Email;

/// <summary>
/// Sends over SMTP with MailKit: STARTTLS when <c>Email:EnableSsl</c> (TLS from the first byte on port 465), sign-in when a
/// user name is set, and a timeout on every step. One connection per message: the outbox paces and retries itself.
/// </summary>
public sealed class SmtpMailDelivery(IOptions<EmailOptions> options) : IMailDelivery
{
    public string Name => "smtp";

    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var message = MimeMail.Create(settings.From, mail);
        using var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(settings.TimeoutSeconds).TotalMilliseconds };
        if (Fingerprint(settings.TrustedCertificate) is { } pinned)
        {
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) => errors == SslPolicyErrors.None
                || (certificate is not null && string.Equals(certificate.GetCertHashString(HashAlgorithmName.SHA256), pinned, StringComparison.OrdinalIgnoreCase));
        }

        var security = !settings.EnableSsl ? SecureSocketOptions.None
            : settings.Port == 465 ? SecureSocketOptions.SslOnConnect
            : SecureSocketOptions.StartTls;
        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (SmtpCommandException e) when (e.ErrorCode == SmtpErrorCode.RecipientNotAccepted
            && e.StatusCode is SmtpStatusCode.MailboxUnavailable or SmtpStatusCode.MailboxNameNotAllowed or SmtpStatusCode.UserNotLocalTryAlternatePath)
        {
            throw new MailRefusedException(e.Message, e);
        }
        catch (AuthenticationException e)
        {
            // The administrator can correct the sign-in, and the message goes out then: tried again, not failed.
            throw new MailUnavailableException($"{settings.Host}:{settings.Port}: the mail server refused the sign-in of '{settings.UserName}' (check Email:UserName and Email:Password): {e.Message}", e);
        }
        catch (SslHandshakeException e)
        {
            throw new MailUnavailableException($"{settings.Host}:{settings.Port}: the mail server's certificate was not accepted (for a server with its own certificate, set Email:TrustedCertificate to its SHA-256 fingerprint): {e.Message}", e);
        }
        catch (Exception e) when (IsTransient(e, cancellationToken))
        {
            throw new MailUnavailableException($"{settings.Host}:{settings.Port}: {e.Message}", e);
        }
    }

    private static string? Fingerprint(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Trim();

    private static bool IsTransient(Exception e, CancellationToken cancellationToken) =>
        e is IOException or System.Net.Sockets.SocketException or TimeoutException
            or MailKit.ProtocolException or MailKit.CommandException or MailKit.ServiceNotConnectedException
            or AuthenticationException or SslHandshakeException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}

/// <summary>Writes each message as an .eml file instead of sending it: for development and demos.</summary>
public sealed class FolderMailDelivery(IOptions<EmailOptions> options, string folder) : IMailDelivery
{
    public string Name => "folder";

    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        using var message = MimeMail.Create(options.Value.From, mail);
        var path = Path.Combine(folder, Guid.CreateVersion7().ToString("N") + ".eml");
        // Written aside and moved in, so a reader never sees half a message.
        await message.WriteToAsync(path + ".tmp", cancellationToken);
        File.Move(path + ".tmp", path);
    }
}

/// <summary>Transactional mail (password reset and the like) through the configured delivery.</summary>
public sealed class EmailSender(IMailDelivery delivery) : IEmailSender
{
    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default) =>
        delivery.SendAsync(new OutgoingMail(message.To, message.Subject, message.HtmlBody, message.TextBody), cancellationToken);
}
