using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.Modules.Messaging.Providers;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Messaging.Features;

/// <summary>
/// Reads the texts people send back to the sending line. Each is stored once by the gateway's id, then acted on: an
/// opt-out word ("11", as every marketing SMS says, or "لغو") refuses marketing by SMS and tells whoever sent that number
/// marketing last (a campaign) that it was refused; any other text is passed on (<see cref="SmsReplied"/>) to whoever sent
/// the SMS it answers, and a campaign takes it as a lead. Acting on a reply twice changes nothing, so a run stopped midway is
/// simply done again by the next.
/// </summary>
public sealed class SmsRepliesJob(DbContext db, IEnumerable<IMessageTransport> transports, IClock clock, IMediator mediator, InboundRecovery recovery) : ICrmJob
{
    public const string Key = "messaging.sms-replies";

    private const int PerRun = 500;

    private const int MaxPagesPerRun = 10;

    private static readonly HashSet<string> OptOutWords = ["11", "لغو", "لغو11", "انصراف", "stop", "unsubscribe"];

    /// <summary>Whether a reply asks for no more marketing: the words above, whatever their digits, spacing and case.</summary>
    public static bool IsOptOut(string text)
    {
        var plain = new string([.. Digits.ToLatin(PersianText.Clean(text)).Where(ch => !char.IsWhiteSpace(ch) && !char.IsPunctuation(ch))]);
        return OptOutWords.Contains(plain.ToLowerInvariant());
    }

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        // The gateway marks texts read as it hands them over: a process killed before keeping them would lose them, so its
        // first run after starting also reads the latest texts read before (those kept already are passed over).
        var recovering = recovery.FirstRun();
        foreach (var inbound in transports.Where(t => t.Channel == MessageChannel.Sms).OfType<IInboundMessages>())
        {
            if (recovering)
            {
                await StoreAsync(await inbound.FetchAsync(alreadyFetched: true, cancellationToken), cancellationToken);
            }

            // A burst of replies is read a hundred at a time until the inbox is empty, up to a bound per run.
            for (var page = 0; page < MaxPagesPerRun; page++)
            {
                var fetched = await inbound.FetchAsync(alreadyFetched: false, cancellationToken);
                await StoreAsync(fetched, cancellationToken);
                if (fetched.Count < 100)
                {
                    break;
                }
            }
        }

        var pending = await db.Set<SmsReply>().Where(r => r.ProcessedAt == null).OrderBy(r => r.ReceivedAt).Take(PerRun).ToListAsync(cancellationToken);
        foreach (var reply in pending)
        {
            var answered = await LastMarketingSmsAsync(reply, cancellationToken);
            if (reply.OptOut)
            {
                await mediator.Send(new SetMarketingConsent(MessageChannel.Sms, reply.From, false, "sms-reply"), cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await mediator.Publish(new MarketingRefused(MessageChannel.Sms, answered, "sms-reply", reply.ReceivedAt), cancellationToken);
            }
            else
            {
                await mediator.Publish(new SmsReplied(answered, reply.From, reply.Text, reply.ReceivedAt), cancellationToken);
            }

            reply.ProcessedAt = clock.UtcNow;
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>The marketing SMS a reply answers: the last one sent to its number before it came.</summary>
    private async Task<Guid?> LastMarketingSmsAsync(SmsReply reply, CancellationToken cancellationToken)
    {
        // The gateway stamps a reply to the second by its own clock: a message sent up to ten minutes "after" it still counts as answered.
        var answered = reply.ReceivedAt.AddMinutes(10);
        return await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Channel == MessageChannel.Sms && m.Category == MessageCategory.Marketing && m.ToKey == reply.FromKey && m.SentAt != null && m.SentAt <= answered)
            .OrderByDescending(m => m.SentAt).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Keeps the texts not kept yet, in one commit; when another instance kept some meanwhile, one by one, passing those over.</summary>
    private async Task StoreAsync(IReadOnlyList<InboundSms> fetched, CancellationToken cancellationToken)
    {
        var ids = fetched.Select(m => TextLimits.Shorten(m.Id, 64)).ToList();
        var known = ids.Count == 0 ? [] : await db.Set<SmsReply>().Where(r => ids.Contains(r.GatewayId)).Select(r => r.GatewayId).ToListAsync(cancellationToken);
        var replies = fetched.Where(m => !known.Contains(TextLimits.Shorten(m.Id, 64))).DistinctBy(m => m.Id).Select(message =>
        {
            var from = TextLimits.Shorten(message.From.Trim(), 32);
            return new SmsReply
            {
                GatewayId = TextLimits.Shorten(message.Id, 64), From = from, FromKey = TextLimits.Shorten(SendMessageHandler.AddressKey(MessageChannel.Sms, from), 20),
                Text = TextLimits.Shorten(message.Text, SmsReply.TextMaxLength), ReceivedAt = message.ReceivedAtUtc, OptOut = IsOptOut(message.Text),
            };
        }).ToList();
        if (replies.Count == 0)
        {
            return;
        }

        try
        {
            db.AddRange(replies);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            foreach (var reply in replies)
            {
                try
                {
                    db.Add(reply);
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException)
                {
                    db.ChangeTracker.Clear();
                }
            }
        }
    }
}

/// <summary>Whether this process has read the SMS line's inbox yet: its first reading also looks at texts read before.</summary>
public sealed class InboundRecovery
{
    private int _ran;

    public bool FirstRun() => Interlocked.Exchange(ref _ran, 1) == 0;
}
