using System.Text.RegularExpressions;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Crm.Modules.Messaging.Features;

/// <summary>The <c>Messaging:Bounces</c> section: the mailbox that receives the mail servers' bounce reports, if there is one.</summary>
public sealed class BounceMailboxOptions
{
    public const string Section = "Messaging:Bounces";

    /// <summary>Empty: no bounce mailbox is read (refusals while sending are still recorded).</summary>
    public string Host { get; set; } = "";

    public int Port { get; set; } = 993;

    /// <summary><c>Ssl</c>, <c>StartTls</c> or <c>None</c>.</summary>
    public string Security { get; set; } = "Ssl";

    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    public string Folder { get; set; } = "INBOX";
}

/// <summary>
/// Records that an email came back. The message is marked failed; a hard bounce also adds an opt-out from marketing
/// (source "bounce"), so no campaign mails that address again. Recording the same bounce twice changes nothing more.
/// </summary>
public sealed class BounceRecorder(DbContext db, IClock clock, IMediator mediator)
{
    public async Task<bool> RecordAsync(Guid messageId, bool hard, string reason, CancellationToken cancellationToken)
    {
        var message = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Id == messageId && m.Channel == MessageChannel.Email)
            .Select(m => new { m.ToKey }).FirstOrDefaultAsync(cancellationToken);
        if (message is null)
        {
            return false;
        }

        var now = clock.UtcNow;
        var error = TextLimits.Shorten("bounced: " + reason, 1000);
        await db.Set<OutboxMessage>().Where(m => m.Id == messageId && (m.Status == MessageStatus.Sent || m.Status == MessageStatus.Delivered))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Failed).SetProperty(m => m.Error, error), cancellationToken);
        if (hard && !await db.Set<OptOut>().AnyAsync(o => o.Channel == MessageChannel.Email && o.AddressKey == message.ToKey, cancellationToken))
        {
            db.Add(new OptOut { Channel = MessageChannel.Email, AddressKey = message.ToKey, At = now, Source = "bounce" });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Recorded at the same moment by another instance (the address is unique per channel).
                db.ChangeTracker.Clear();
            }
        }

        await mediator.Publish(new MessageBounced(messageId, MessageChannel.Email, hard, now), cancellationToken);
        return true;
    }
}

/// <summary>
/// Reads the bounce mailbox: each delivery status report (RFC 3464) names the message it is about by the Message-ID
/// the outbox gave it; a permanent failure (5.x.x) is a hard bounce, a temporary one (4.x.x) a soft bounce. A read
/// message is flagged, so the next run skips it; a run stopped before flagging reads it again, and recording a bounce
/// twice changes nothing.
/// </summary>
public sealed partial class BounceMailJob(BounceRecorder recorder, IOptions<BounceMailboxOptions> options, ILogger<BounceMailJob> logger) : ICrmJob
{
    public const string Key = "messaging.bounces";

    /// <summary>The keyword set on a report once it is recorded.</summary>
    public const string ReadKeyword = "$CrmBounceRead";

    public const int BatchSize = 500;

    public const long MaxMessageBytes = 5 * 1024 * 1024;

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Host))
        {
            return;
        }

        using var client = new ImapClient { Timeout = 60_000 };
        await client.ConnectAsync(settings.Host, settings.Port, settings.Security.ToUpperInvariant() switch
        {
            "SSL" => SecureSocketOptions.SslOnConnect,
            "STARTTLS" => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.None,
        }, cancellationToken);
        await client.AuthenticateAsync(settings.UserName, settings.Password, cancellationToken);
        var folder = await client.GetFolderAsync(settings.Folder, cancellationToken);
        await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        var unread = (await folder.SearchAsync(SearchQuery.NotKeyword(ReadKeyword), cancellationToken)).Take(BatchSize).ToList();
        var sizes = unread.Count == 0 ? [] : (await folder.FetchAsync(unread, MessageSummaryItems.Size | MessageSummaryItems.UniqueId, cancellationToken))
            .ToDictionary(s => s.UniqueId, s => s.Size ?? 0);
        foreach (var uid in unread)
        {
            if (sizes.GetValueOrDefault(uid) <= MaxMessageBytes && Read(await folder.GetMessageAsync(uid, cancellationToken)) is { } bounce)
            {
                await recorder.RecordAsync(bounce.MessageId, bounce.Hard, bounce.Status, cancellationToken);
            }

            await folder.AddFlagsAsync(uid, MessageFlags.None, new HashSet<string> { ReadKeyword }, silent: true, cancellationToken);
        }

        LogRead(logger, unread.Count);
        await client.DisconnectAsync(true, cancellationToken);
    }

    /// <summary>The outbox message a delivery status report is about and whether it failed for good; null for any other mail.</summary>
    public static (Guid MessageId, bool Hard, string Status)? Read(MimeMessage mail)
    {
        var report = mail.BodyParts.OfType<MessageDeliveryStatus>().FirstOrDefault();
        if (report is null)
        {
            return null;
        }

        // The first group is about the report; each further group is about one recipient.
        var status = report.StatusGroups.Skip(1).Select(g => g["Status"]?.Trim()).FirstOrDefault(s => s is not null && StatusPattern().IsMatch(s));
        if (status is null || status[0] == '2')
        {
            return null;
        }

        // The returned message, whole (message/rfc822) or its headers only (text/rfc822-headers).
        var original = mail.BodyParts.OfType<MessagePart>().Select(p => p.Message?.MessageId).FirstOrDefault(id => id is not null);
        var match = original is null ? null : OutboxIdPattern().Match(original);
        return match is { Success: true } && Guid.TryParseExact(match.Groups[1].Value, "N", out var id)
            ? (id, status[0] == '5', status)
            : null;
    }

    [GeneratedRegex(@"^[245]\.\d{1,3}\.\d{1,3}$")]
    private static partial Regex StatusPattern();

    [GeneratedRegex(@"([0-9a-f]{32})@crm\.outbox")]
    private static partial Regex OutboxIdPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Read {Count} mails of the bounce mailbox")]
    private static partial void LogRead(ILogger logger, int count);
}
