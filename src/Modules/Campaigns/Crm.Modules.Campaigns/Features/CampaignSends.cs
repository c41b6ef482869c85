using Crm.Modules.Activities.Contracts;
using Crm.Modules.Campaigns.Contracts;
using Crm.Modules.Campaigns.Domain;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Messaging.Contracts;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Crm.SharedKernel.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Campaigns.Features;

public sealed class CampaignSendOptions
{
    public const string Section = "Campaigns:Sending";

    /// <summary>No marketing is queued from this hour (Tehran time)…</summary>
    public int QuietFromHour { get; set; } = 22;

    /// <summary>…until this hour.</summary>
    public int QuietUntilHour { get; set; } = 8;

    /// <summary>Recipients handed to the outbox in one transaction; the outbox paces them by its channel's rate.</summary>
    public int BatchSize { get; set; } = 1_000;

    /// <summary>
    /// Recipients one campaign hands to the outbox per run of the send job (once a minute), so the outbox never holds
    /// much more than it sends before the quiet hours begin.
    /// </summary>
    public int PerRun { get; set; } = 2_000;

    public bool IsQuiet(int hour) => QuietFromHour > QuietUntilHour
        ? hour >= QuietFromHour || hour < QuietUntilHour
        : hour >= QuietFromHour && hour < QuietUntilHour;
}

/// <summary>
/// Starts sending an SMS or email campaign of an approved (or running) plan, now or at <see cref="Date"/> and
/// <see cref="Time"/> (Tehran); the plan is then running.
/// </summary>
public sealed record StartCampaignSend(Guid CampaignId, Guid Version) : ICommand<CommandResult>
{
    /// <summary>The day to send on, as typed (Jalali in Persian); empty sends now.</summary>
    public string? Date { get; init; }

    /// <summary>"HH:mm" on that day.</summary>
    public string? Time { get; init; }
}

/// <summary>
/// Sends the campaign's message once to <see cref="To"/> (the marketer's own mobile or email) to see it as recipients
/// will, with "test" before it; its links work but count nothing. Not a marketing message: no one's consent is involved.
/// </summary>
public sealed record SendCampaignTest(Guid CampaignId, string? To) : ICommand<CommandResult>;

/// <summary>Pauses, resumes or cancels a send under way.</summary>
public sealed record ChangeCampaignSend(Guid CampaignId, Guid Version, SendState To) : ICommand<CommandResult>;

/// <summary>One step of one campaign's send: a page of its audience read into recipients, or a batch of recipients queued.</summary>
public sealed record SendCampaignBatch(Guid CampaignId) : ICommand<BatchOutcome>;

/// <summary>What a step did: contacts of the audience read, recipients queued; both 0 when there is nothing to do now.</summary>
public sealed record BatchOutcome(int Read, int Queued)
{
    public bool Idle => Read == 0 && Queued == 0;
}

public sealed class CampaignSendHandlers(DbContext db, ICurrentUser user, IClock clock, IMediator mediator, IDisplayFormatter format, IBulkInserter bulk, CampaignAudience audience,
    TrackingTokens tracking, IOptions<CampaignSendOptions> options, IStringLocalizer<CampaignsResources> l) :
    IRequestHandler<StartCampaignSend, CommandResult>,
    IRequestHandler<ChangeCampaignSend, CommandResult>,
    IRequestHandler<SendCampaignBatch, BatchOutcome>,
    IRequestHandler<SendCampaignTest, CommandResult>
{
    public async ValueTask<CommandResult> Handle(SendCampaignTest request, CancellationToken cancellationToken)
    {
        var (campaign, plan) = await FindAsync(request.CampaignId, cancellationToken);
        if (!campaign.IsSent || !campaign.HasContent)
        {
            return CommandResult.Invalid("", l[!campaign.IsSent ? "Error_NotSent" : campaign.IsEmail ? "Error_NoEmail" : "Error_NoMessage"]);
        }

        var to = request.To?.Trim() ?? "";
        if (to.Length > 254 || (campaign.IsEmail ? !EmailAddress.IsValid(to) : !PhoneNumber.IsIranianMobile(to)))
        {
            return CommandResult.Invalid("TestTo", l[campaign.IsEmail ? "Error_TestEmail" : "Error_TestMobile"]);
        }

        var name = user.UserId is { } me ? (await mediator.Send(new GetUserNames([me]), cancellationToken)).GetValueOrDefault(me) ?? "" : "";
        // An A/B test's marketer sees both variants, each marked with its letter.
        foreach (var variant in campaign.MessageB is null ? [Variant.A] : new[] { Variant.A, Variant.B })
        {
            var label = l["TestPrefix"].Value + (campaign.MessageB is null ? "" : " " + variant);
            // The recipient's id in its links is empty: they lead where they should and are counted on no one.
            await mediator.Send(campaign.IsEmail
                ? new SendMessage(MessageChannel.Email, to)
                {
                    Subject = label + " " + campaign.SubjectOf(variant)!.Replace(Campaign.NamePlaceholder, name, StringComparison.Ordinal),
                    Body = CampaignEmail.Body(campaign, variant, name, link => tracking.ClickUrl(Guid.Empty, campaign.Id, link), tracking.OpenUrl(Guid.Empty, campaign.Id)),
                }
                : new SendMessage(MessageChannel.Sms, to) { Body = label + " " + campaign.MessageOf(variant)!.Replace(Campaign.NamePlaceholder, name, StringComparison.Ordinal) },
                cancellationToken);
        }

        return new CommandResult(plan.Id, new Dictionary<string, string>());
    }

    public async ValueTask<CommandResult> Handle(StartCampaignSend request, CancellationToken cancellationToken)
    {
        var (campaign, plan) = await FindAsync(request.CampaignId, cancellationToken);
        if (plan.Status is not (PlanStatus.Approved or PlanStatus.Running))
        {
            // Nothing of a plan is sent before a manager approved it.
            return CommandResult.Invalid("", l["Error_SendNotApproved"]);
        }

        if (!campaign.IsRun)
        {
            return CommandResult.Invalid("", l["Error_NotSent"]);
        }

        if (campaign.IsCallList && campaign.Callers.Count == 0)
        {
            return CommandResult.Invalid("", l["Error_NoCallers"]);
        }

        if (campaign.IsSent && !campaign.HasContent)
        {
            return CommandResult.Invalid("", l[campaign.IsEmail ? "Error_NoEmail" : "Error_NoMessage"]);
        }

        if (campaign.SendState != SendState.NotStarted)
        {
            return CommandResult.Invalid("", l["Error_SendStarted"]);
        }

        if (campaign.Version != request.Version)
        {
            return CommandResult.Invalid("", l["Error_Concurrency"]);
        }

        DateTime? at = null;
        if (!string.IsNullOrWhiteSpace(request.Date) || !string.IsNullOrWhiteSpace(request.Time))
        {
            if (!format.TryParseDateInput(request.Date, out var day) || !TimeOnly.TryParseExact(request.Time?.Trim(), "H:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time))
            {
                return CommandResult.Invalid("SendAt", l["Error_SendAt"]);
            }

            at = format.ToUtc(day.ToDateTime(time));
            if (at <= clock.UtcNow || at > clock.UtcNow.AddDays(366))
            {
                return CommandResult.Invalid("SendAt", l["Error_SendAtRange"]);
            }
        }

        (campaign.SendState, campaign.ScheduledAt) = at is null ? (SendState.Sending, null) : (SendState.Scheduled, at);
        campaign.SendStartedAt = at ?? clock.UtcNow;
        plan.Status = PlanStatus.Running;
        return new CommandResult(plan.Id, new Dictionary<string, string>());
    }

    public async ValueTask<CommandResult> Handle(ChangeCampaignSend request, CancellationToken cancellationToken)
    {
        var (campaign, plan) = await FindAsync(request.CampaignId, cancellationToken);
        var allowed = (campaign.SendState, request.To) switch
        {
            (SendState.Sending, SendState.Paused) => true,
            (SendState.Paused, SendState.Sending) => true,
            (SendState.Sending or SendState.Paused or SendState.Scheduled, SendState.Cancelled) => true,
            _ => false,
        };
        if (!allowed)
        {
            return CommandResult.Invalid("", l["Error_SendState"]);
        }

        if (campaign.Version != request.Version)
        {
            return CommandResult.Invalid("", l["Error_Concurrency"]);
        }

        campaign.SendState = request.To;
        if (request.To == SendState.Cancelled)
        {
            campaign.SendFinishedAt = clock.UtcNow;
        }

        return new CommandResult(plan.Id, new Dictionary<string, string>());
    }

    /// <summary>
    /// Reads the next page of the audience into recipients, or queues the next batch of recipients, in one transaction.
    /// The campaign's row carries the progress (its cursor and counters) and its version: when another instance (or a
    /// pause) changed it meanwhile, the save fails and nothing of the batch is kept, so no recipient is queued twice.
    /// </summary>
    public async ValueTask<BatchOutcome> Handle(SendCampaignBatch request, CancellationToken cancellationToken)
    {
        var campaign = await db.Set<Campaign>().FirstOrDefaultAsync(c => c.Id == request.CampaignId, cancellationToken);
        if (campaign is null || campaign.SendState != SendState.Sending || options.Value.IsQuiet(format.ToLocal(clock.UtcNow).Hour))
        {
            return new BatchOutcome(0, 0);
        }

        // A call list plans an activity per recipient: smaller steps keep each transaction short.
        var size = Math.Clamp(options.Value.BatchSize, 1, campaign.IsCallList ? MaxCallsPerStep : CampaignAudience.PageSize);
        if (!campaign.AudienceRead)
        {
            var page = await audience.PageAsync(campaign, campaign.AudienceCursor, cancellationToken);
            await bulk.InsertAsync([.. page.Reached.Select(m => new CampaignRecipient
            {
                CampaignId = campaign.Id, ContactId = m.ContactId, Address = m.Address!, Name = TextLimits.Shorten(m.Name, CampaignRecipient.NameMaxLength),
                Variant = campaign.VariantFor(m.ContactId, m.Segments),
            })], cancellationToken);
            campaign.Recipients += page.Reached.Count;
            campaign.Skipped += page.NoAddress + page.Refused + page.Excluded;
            (campaign.AudienceCursor, campaign.AudienceRead) = (page.Cursor, page.Last);
            // An empty last page still counts as a step done: the queueing starts next.
            return new BatchOutcome(Math.Max(page.Found, 1), 0);
        }

        var now = clock.UtcNow;
        var waiting = db.Set<CampaignRecipient>().Where(r => r.CampaignId == campaign.Id && r.QueuedAt == null);
        if (campaign.IsAbTest && campaign.Winner is null)
        {
            // An A/B test: its share goes first; the rest wait until the winner can be told apart, then get it.
            var test = waiting.Where(r => r.Variant != Variant.Undecided);
            if (await test.AnyAsync(cancellationToken))
            {
                waiting = test;
            }
            else
            {
                campaign.TestQueuedAt ??= now;
                if (now < campaign.TestQueuedAt.Value.AddHours(campaign.WinnerAfterHours ?? DefaultWinnerAfterHours))
                {
                    return new BatchOutcome(0, 0);
                }

                campaign.Winner = await WinnerAsync(campaign.Id, cancellationToken);
            }
        }

        var batch = await waiting.AsNoTracking().OrderBy(r => r.Id).Take(size)
            .Select(r => new { r.Id, r.ContactId, r.Address, r.Name, r.Variant }).ToListAsync(cancellationToken);
        if (batch.Count > 0 && campaign.IsCallList)
        {
            await PlanCallsAsync(campaign, [.. batch.Select(r => (r.ContactId, r.Address, r.Name))], now, cancellationToken);
            var last = batch[^1].Id;
            await waiting.Where(r => r.Id.CompareTo(last) <= 0).ExecuteUpdateAsync(u => u.SetProperty(r => r.QueuedAt, now), cancellationToken);
        }
        else if (batch.Count > 0)
        {
            // Written at once in this transaction: the outbox rows, then the recipients marked queued. The campaign's
            // versioned row below is saved last; when it fails, none of it stays.
            // Each recipient's message has the recipient's id, so delivery reports, bounces and unsubscribes come back to it.
            // Variant B's links are numbered after A's, so one token names one address whichever variant carried it.
            await mediator.Send(new QueueBulkMessages(campaign.IsEmail ? MessageChannel.Email : MessageChannel.Sms, MessageCategory.Marketing, [.. batch.Select(r => campaign.IsEmail
                ? new BulkMessage(r.Address, new RecipientRef(RecordTypes.Contact, r.ContactId),
                    CampaignEmail.Body(campaign, r.Variant, r.Name, link => tracking.ClickUrl(r.Id, campaign.Id, link), tracking.OpenUrl(r.Id, campaign.Id)),
                    campaign.SubjectOf(r.Variant)!.Replace(Campaign.NamePlaceholder, r.Name, StringComparison.Ordinal), r.Id)
                : new BulkMessage(r.Address, new RecipientRef(RecordTypes.Contact, r.ContactId),
                    campaign.MessageOf(r.Variant)!.Replace(Campaign.NamePlaceholder, r.Name, StringComparison.Ordinal), Id: r.Id))]),
                cancellationToken);
            // The batch is the first recipients not yet queued in id order, so it is exactly those up to its last id.
            var last = batch[^1].Id;
            await waiting.Where(r => r.Id.CompareTo(last) <= 0).ExecuteUpdateAsync(u => u.SetProperty(r => r.QueuedAt, now), cancellationToken);
        }

        campaign.Queued += batch.Count;
        if (batch.Count < size && (!campaign.IsAbTest || campaign.Winner is not null))
        {
            (campaign.SendState, campaign.SendFinishedAt) = (SendState.Sent, now);
        }

        return new BatchOutcome(0, batch.Count);
    }

    public const int DefaultWinnerAfterHours = 4;

    /// <summary>
    /// The better variant of a test by its recipients' rows: the larger share who clicked, then who opened, then the
    /// smaller share who unsubscribed; a tie keeps A.
    /// </summary>
    private async Task<Variant> WinnerAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        var rows = await db.Set<CampaignRecipient>().AsNoTracking().Where(r => r.CampaignId == campaignId && r.Variant != Variant.Undecided && r.QueuedAt != null)
            .GroupBy(r => r.Variant).Select(g => new
            {
                g.Key, Sent = g.Count(), Clicked = g.Count(r => r.ClickedAt != null), Opened = g.Count(r => r.OpenedAt != null), Left = g.Count(r => r.UnsubscribedAt != null),
            }).ToListAsync(cancellationToken);
        (decimal, decimal, decimal) Score(Variant variant) => rows.FirstOrDefault(r => r.Key == variant) is { Sent: > 0 } r
            ? ((decimal)r.Clicked / r.Sent, (decimal)r.Opened / r.Sent, -(decimal)r.Left / r.Sent)
            : (0, 0, 0);
        var (a, b) = (Score(Variant.A), Score(Variant.B));
        return b.CompareTo(a) > 0 ? Variant.B : Variant.A;
    }

    /// <summary>Calls planned in one step at most.</summary>
    public const int MaxCallsPerStep = 200;

    /// <summary>
    /// A call per recipient, handed to the callers in turn: the campaign's count of those already handed out says whose turn
    /// it is, and it is saved with them, so a step done again after a crash starts the turn where the last one stopped.
    /// Each caller is told once per step, not once per call.
    /// </summary>
    private async Task PlanCallsAsync(Campaign campaign, IReadOnlyList<(Guid ContactId, string Mobile, string Name)> batch, DateTime now, CancellationToken cancellationToken)
    {
        var callers = campaign.Callers;
        var handed = new Dictionary<Guid, int>();
        for (var i = 0; i < batch.Count; i++)
        {
            var (contact, mobile, name) = batch[i];
            var caller = callers[(int)((campaign.Queued + (long)i) % callers.Count)];
            var script = campaign.Message?.Replace(Campaign.NamePlaceholder, name, StringComparison.Ordinal);
            await mediator.Send(new PlanActivity(new RecordRef(RecordTypes.Contact, contact), ActivityKind.Call, caller, campaign.Name, now)
            {
                // Who and which number, in no language, then the script: the caller reads it in whatever language they work in.
                Body = name + " · " + mobile + (script is null ? "" : "\n\n" + script),
                Silent = true,
            }, cancellationToken);
            handed[caller] = handed.GetValueOrDefault(caller) + 1;
        }

        foreach (var (caller, calls) in handed)
        {
            string In(string culture) => l.InCulture(culture, "Notify_Calls", culture == SupportedCultures.Persian ? Digits.ToPersian(calls.ToString(System.Globalization.CultureInfo.InvariantCulture)) : calls.ToString(System.Globalization.CultureInfo.InvariantCulture), campaign.Name);
            await mediator.Send(new Crm.Modules.Notifications.Contracts.Notify([caller], new LocalText(In(SupportedCultures.Persian), In(SupportedCultures.English)), "/Activities/MyDay"), cancellationToken);
        }
    }

    private async Task<(Campaign Campaign, MarketingPlan Plan)> FindAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        var campaign = await db.Set<Campaign>().FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken) ?? throw new KeyNotFoundException();
        var plan = await db.Set<MarketingPlan>().VisibleTo(user).FirstOrDefaultAsync(p => p.Id == campaign.PlanId, cancellationToken) ?? throw new KeyNotFoundException();
        return (campaign, plan);
    }
}

/// <summary>Runs every campaign being sent a step at a time, each step in its own scope and transaction.</summary>
public sealed class CampaignSender(IServiceScopeFactory scopes, IOptions<CampaignSendOptions> options, ILogger<CampaignSender> logger)
{
    /// <summary>Steps one run takes per campaign at most, whatever they do (reading a million contacts is 200 pages).</summary>
    public const int MaxSteps = 1_000;

    /// <summary>Runs each campaign being sent until it has queued its share for this run; returns the recipients queued.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        List<Guid> sending;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DbContext>();
            // Scheduled sends whose time has come begin; a new version makes a stale page's pause or cancel fail as usual.
            var now = scope.ServiceProvider.GetRequiredService<IClock>().UtcNow;
            await db.Set<Campaign>().Where(c => c.SendState == SendState.Scheduled && c.ScheduledAt <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.SendState, SendState.Sending).SetProperty(c => c.Version, Guid.NewGuid()), cancellationToken);
            sending = await db.Set<Campaign>().AsNoTracking()
                .Where(c => c.SendState == SendState.Sending).OrderBy(c => c.SendStartedAt).Select(c => c.Id).ToListAsync(cancellationToken);
        }

        var total = 0;
        foreach (var campaign in sending)
        {
            var queued = 0;
            for (var step = 0; step < MaxSteps && queued < options.Value.PerRun; step++)
            {
                await using var scope = scopes.CreateAsyncScope();
                try
                {
                    var done = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SendCampaignBatch(campaign), cancellationToken);
                    queued += done.Queued;
                    if (done.Idle)
                    {
                        break;
                    }
                }
                catch (DbUpdateConcurrencyException)
                {
                    // Another instance sent this batch, or staff paused the send meanwhile: nothing of this batch was kept.
                    logger.LogInformation("A campaign batch met another change and was rolled back");
                }
                catch (DbUpdateException)
                {
                    // Another instance read the same audience page (a recipient's unique key): rolled back whole.
                    logger.LogInformation("A campaign's audience page was read by another instance and was rolled back");
                }
            }

            total += queued;
        }

        return total;
    }
}

public sealed class CampaignSendJob(CampaignSender sender) : ICrmJob
{
    public const string Key = "campaigns.send";

    public Task ExecuteAsync(CancellationToken cancellationToken) => sender.RunAsync(cancellationToken);
}
