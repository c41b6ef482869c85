using System.Linq.Expressions;
using System.Threading.RateLimiting;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.Modules.Messaging.Providers;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Messaging.Features;

/// <summary>
/// Sends what is due in the outbox. A batch is claimed with one conditional UPDATE that writes this run's claim
/// token only on rows that are still due, so when two senders (two app instances) reach for the same rows the
/// database lets one of them have each row; the outcome is recorded only under that token. Failures a transport calls
/// passing are retried with a doubling delay, and anything a transport throws fails the message at once; a sender that
/// stops mid-batch leaves claims that expire after the lease.
/// </summary>
public sealed partial class OutboxSender(
    DbContext db,
    IEnumerable<IMessageTransport> transports,
    TransportPacing pacing,
    IClock clock,
    IOptions<MessagingOptions> options,
    IMediator mediator,
    BounceRecorder bounces,
    ILogger<OutboxSender> logger)
{
    /// <summary>
    /// Sends batches until nothing is due (only urgent messages when <paramref name="urgentOnly"/>); returns how many
    /// messages were handed to a provider.
    /// </summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken, bool urgentOnly = false)
    {
        var handed = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var token = Guid.CreateVersion7();
            var batch = await ClaimAsync(token, urgentOnly, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            var optedOut = await OptedOutAsync(batch, cancellationToken);
            foreach (var message in batch)
            {
                handed += await SendOneAsync(message, optedOut.Contains(message.Id), token, cancellationToken) ? 1 : 0;
            }
        }

        return handed;
    }

    private async Task<List<OutboxMessage>> ClaimAsync(Guid token, bool urgentOnly, CancellationToken cancellationToken)
    {
        var messages = db.Set<OutboxMessage>();
        // Transactional messages are claimed before marketing ones whatever their age: an invoice mail queued after a
        // campaign of 100,000 waits for one batch of it at most, not for all of it.
        IQueryable<OutboxMessage>[] lanes = urgentOnly
            ? [messages.Where(m => m.Urgent)]
            : [messages.Where(m => m.Category == MessageCategory.Transactional), messages.Where(m => m.Category == MessageCategory.Marketing)];
        foreach (var lane in lanes)
        {
            if (await ClaimFromAsync(lane, token, cancellationToken) > 0)
            {
                return await db.Set<OutboxMessage>().AsNoTracking().Include(m => m.Attachments).Where(m => m.ClaimToken == token)
                    .OrderBy(m => m.NextAttemptAt).ToListAsync(cancellationToken);
            }
        }

        return [];
    }

    private async Task<int> ClaimFromAsync(IQueryable<OutboxMessage> lane, Guid token, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var settings = options.Value;
        var due = Due(now);
        var candidates = lane.Where(due).OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).Select(m => m.Id).Take(settings.BatchSize);
        // The "still due" condition is repeated on the rows being updated: PostgreSQL re-checks it on a row another
        // sender has just claimed, and skips that row instead of claiming it twice.
        return await db.Set<OutboxMessage>().Where(m => candidates.Contains(m.Id)).Where(due)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, MessageStatus.Sending)
                .SetProperty(m => m.ClaimToken, token)
                .SetProperty(m => m.ClaimedUntil, now + settings.ClaimLease), cancellationToken);
    }

    private static Expression<Func<OutboxMessage, bool>> Due(DateTime now) =>
        m => (m.Status == MessageStatus.Queued && m.NextAttemptAt <= now) || (m.Status == MessageStatus.Sending && m.ClaimedUntil < now);

    private async Task<bool> SendOneAsync(OutboxMessage message, bool optedOut, Guid token, CancellationToken cancellationToken)
    {
        if (optedOut)
        {
            await FinishAsync(message, token, MessageStatus.Skipped, s => s.SetProperty(m => m.Error, "opted out"), cancellationToken);
            return false;
        }

        var transport = transports.FirstOrDefault(t => t.Channel == message.Channel);
        if (transport is null)
        {
            await FinishAsync(message, token, MessageStatus.Failed, s => s.SetProperty(m => m.Error, $"no {message.Channel} provider is configured"), cancellationToken);
            return false;
        }

        await pacing.WaitAsync(message.Channel, cancellationToken);
        TransportResult result;
        try
        {
            result = await transport.SendAsync(message, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = TransportResult.Retry("the provider did not answer in time");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A transport answers what may succeed later with Retry; what it throws is a fault that sending again
            // will not mend, so the message fails at once, with the fault in its error and the log.
            LogFault(logger, e, message.Id);
            result = TransportResult.Refused(e.GetType().Name + ": " + e.Message);
        }

        var now = clock.UtcNow;
        var attempts = message.Attempts + 1;
        if (result.Accepted)
        {
            var recorded = await FinishAsync(message, token, MessageStatus.Sent, s => s
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.ProviderName, transport.Name)
                .SetProperty(m => m.ProviderMessageId, result.ProviderMessageId)
                .SetProperty(m => m.Error, (string?)null), cancellationToken);
            if (recorded)
            {
                await mediator.Publish(new MessageSent(message.Id, message.Channel, message.Category,
                    message.RecipientType is { } type && message.RecipientId is { } id ? new RecipientRef(type, id) : null,
                    message.To, Summary(message), now), cancellationToken);
            }

            return true;
        }

        var error = Truncate(result.Error ?? "refused", 1000);
        if (result.Permanent || attempts >= options.Value.MaxAttempts)
        {
            LogFailed(logger, message.Id, attempts, error);
            if (await FinishAsync(message, token, MessageStatus.Failed, s => s.SetProperty(m => m.Attempts, attempts).SetProperty(m => m.Error, error), cancellationToken)
                && result.Bounced)
            {
                await bounces.RecordAsync(message.Id, hard: true, error, cancellationToken);
            }
        }
        else
        {
            var delay = TimeSpan.FromTicks(Math.Min(options.Value.RetryDelay.Ticks * (1L << Math.Min(attempts - 1, 20)), TimeSpan.FromHours(1).Ticks));
            LogRetry(logger, message.Id, attempts, delay, error);
            await FinishAsync(message, token, MessageStatus.Queued, s => s
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.Error, error)
                .SetProperty(m => m.NextAttemptAt, now + delay), cancellationToken);
        }

        return false;
    }

    /// <summary>The batch's messages whose recipient has opted out of them, looked up in one query for the batch.</summary>
    private async Task<HashSet<Guid>> OptedOutAsync(List<OutboxMessage> batch, CancellationToken cancellationToken)
    {
        var keys = batch.Select(m => m.ToKey).Distinct().ToList();
        var optOuts = await db.Set<OptOut>().AsNoTracking().Where(o => keys.Contains(o.AddressKey))
            .Select(o => new { o.Channel, o.AddressKey, o.IncludesTransactional }).ToListAsync(cancellationToken);
        return batch.Where(m => optOuts.Any(o => o.Channel == m.Channel && o.AddressKey == m.ToKey
                && (m.Category == MessageCategory.Marketing || o.IncludesTransactional)))
            .Select(m => m.Id).ToHashSet();
    }

    /// <summary>Records the outcome, only while this sender still holds the claim; false when it no longer does.</summary>
    private async Task<bool> FinishAsync(OutboxMessage message, Guid token, MessageStatus status,
        Func<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<OutboxMessage>, Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<OutboxMessage>> more,
        CancellationToken cancellationToken)
    {
        var updated = await db.Set<OutboxMessage>().Where(m => m.Id == message.Id && m.ClaimToken == token)
            .ExecuteUpdateAsync(s => more(s.SetProperty(m => m.Status, status).SetProperty(m => m.ClaimToken, (Guid?)null).SetProperty(m => m.ClaimedUntil, (DateTime?)null)), cancellationToken);
        return updated == 1;
    }

    private static string Summary(OutboxMessage message) =>
        Truncate(message.Channel == MessageChannel.Email ? message.Subject ?? "" : message.Body, 200);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {MessageId} failed after {Attempts} attempts: {Error}")]
    private static partial void LogFailed(ILogger logger, Guid messageId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {MessageId} not sent (attempt {Attempts}); tried again in {Delay}: {Error}")]
    private static partial void LogRetry(ILogger logger, Guid messageId, int attempts, TimeSpan delay, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId}: its transport failed; the message is not tried again")]
    private static partial void LogFault(ILogger logger, Exception exception, Guid messageId);
}

/// <summary>Keeps each channel within the messages per second its provider allows (per app instance).</summary>
public sealed class TransportPacing(IOptions<MessagingOptions> options) : IDisposable
{
    private readonly Dictionary<MessageChannel, RateLimiter?> _limiters = new()
    {
        [MessageChannel.Email] = Limiter(options.Value.EmailsPerSecond),
        [MessageChannel.Sms] = Limiter(options.Value.Sms.PerSecond),
    };

    public async Task WaitAsync(MessageChannel channel, CancellationToken cancellationToken)
    {
        if (_limiters.GetValueOrDefault(channel) is { } limiter)
        {
            using var lease = await limiter.AcquireAsync(1, cancellationToken);
        }
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter?.Dispose();
        }
    }

    private static TokenBucketRateLimiter? Limiter(double perSecond)
    {
        if (perSecond <= 0)
        {
            return null;
        }

        // A bucket refilled ten times a second keeps the pace even without bursts of a whole second's worth.
        var perTick = Math.Max(1, (int)Math.Round(perSecond / 10));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perTick,
            TokensPerPeriod = perTick,
            ReplenishmentPeriod = TimeSpan.FromSeconds(perTick / perSecond),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}

/// <summary>The outbox job: sends what is due, every few seconds.</summary>
public sealed class SendOutboxJob(OutboxSender sender) : ICrmJob
{
    public const string Key = "messaging.outbox";

    public Task ExecuteAsync(CancellationToken cancellationToken) => sender.SendDueAsync(cancellationToken);
}

/// <summary>Asks the SMS gateway which sent messages reached the phone, and records it.</summary>
public sealed class SmsDeliveryJob(DbContext db, IEnumerable<IMessageTransport> transports, IClock clock, IMediator mediator) : ICrmJob
{
    public const string Key = "messaging.sms-delivery";

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        foreach (var transport in transports.Where(t => t.Channel == MessageChannel.Sms))
        {
            if (transport is not IDeliveryReports reports)
            {
                continue;
            }

            var since = clock.UtcNow.AddDays(-3);
            var pending = await db.Set<OutboxMessage>().AsNoTracking()
                .Where(m => m.Channel == MessageChannel.Sms && m.Status == MessageStatus.Sent && m.ProviderName == transport.Name && m.SentAt > since && m.ProviderMessageId != null)
                .OrderBy(m => m.SentAt).Take(2000).Select(m => new { m.Id, m.ProviderMessageId }).ToListAsync(cancellationToken);
            if (pending.Count == 0)
            {
                continue;
            }

            var states = await reports.LookUpAsync(pending.Select(p => p.ProviderMessageId!).ToList(), cancellationToken);
            var now = clock.UtcNow;
            foreach (var message in pending)
            {
                var state = states.GetValueOrDefault(message.ProviderMessageId!, DeliveryState.Pending);
                if (state == DeliveryState.Delivered)
                {
                    if (await db.Set<OutboxMessage>().Where(m => m.Id == message.Id && m.Status == MessageStatus.Sent)
                        .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Delivered).SetProperty(m => m.DeliveredAt, now), cancellationToken) == 1)
                    {
                        await mediator.Publish(new MessageDelivered(message.Id, MessageChannel.Sms, now), cancellationToken);
                    }
                }
                else if (state == DeliveryState.Undelivered)
                {
                    await db.Set<OutboxMessage>().Where(m => m.Id == message.Id && m.Status == MessageStatus.Sent)
                        .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Failed).SetProperty(m => m.Error, "not delivered to the phone"), cancellationToken);
                }
            }
        }
    }
}
