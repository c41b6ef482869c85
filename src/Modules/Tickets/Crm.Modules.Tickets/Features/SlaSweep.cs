using Crm.Modules.Identity.Contracts;
using Crm.Modules.Notifications.Contracts;
using Crm.Modules.Tickets.Domain;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;

namespace Crm.Modules.Tickets.Features;

/// <summary>
/// Warns and breaches the SLA targets whose instants have passed, a batch per transaction: each target is marked, its
/// policy's actions done and the ticket's event reported in the same commit, and the target's version guards the mark,
/// so two instances sweeping at once act on a target once. Tickets put off until a date that has come are taken up again,
/// and after a policy or calendar change every open ticket's targets are worked out again first.
/// </summary>
public sealed class SlaSweep(IServiceScopeFactory scopes, ILogger<SlaSweep> logger)
{
    public const int BatchSize = 200;

    /// <summary>Sweeps until nothing is due; returns how many targets it warned or breached.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await RecomputeIfAskedAsync(cancellationToken);
        await RepeatAsync(new ResumePostponedTickets(), cancellationToken);
        return await RepeatAsync(new SweepSlaTargets(), cancellationToken);
    }

    /// <summary>After a policy or the calendar changed: every open ticket's targets again, before anything is warned or breached under the old ones.</summary>
    private async Task RecomputeIfAskedAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var calendar = await scope.ServiceProvider.GetRequiredService<IWorkingCalendarSource>().GetAsync(cancellationToken);
            await SlaRecompute.CalendarSeenAsync(scope.ServiceProvider.GetRequiredService<DbContext>(), calendar, cancellationToken);
        }

        long asked;
        await using (var scope = scopes.CreateAsyncScope())
        {
            asked = await SlaRecompute.PendingAsync(scope.ServiceProvider.GetRequiredService<DbContext>(), cancellationToken);
        }

        if (asked == 0)
        {
            return;
        }

        Guid? after = null;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                after = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RecomputeSlaBatch(after), cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another instance is at the same tickets; what it writes comes from the same policies.
                logger.LogInformation("An SLA recompute batch met another instance's changes and was rolled back");
                return;
            }

            if (after is null)
            {
                await SlaRecompute.DoneAsync(scope.ServiceProvider.GetRequiredService<DbContext>(), asked, cancellationToken);
                return;
            }
        }
    }

    private async Task<int> RepeatAsync(ICommand<int> command, CancellationToken cancellationToken)
    {
        var total = 0;
        for (var round = 0; round < 10_000; round++)
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                var done = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, cancellationToken);
                total += done;
                if (done < BatchSize)
                {
                    break;
                }
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another instance took some of these targets; the next round (or sweep) reads what is left.
                logger.LogInformation("An SLA sweep batch met another instance's changes and was rolled back");
            }
        }

        return total;
    }
}

public sealed class SlaSweepJob(SlaSweep sweep) : ICrmJob
{
    public const string Key = "tickets.sla";

    public Task ExecuteAsync(CancellationToken cancellationToken) => sweep.RunAsync(cancellationToken);
}

/// <summary>One batch of due warnings and breaches.</summary>
public sealed record SweepSlaTargets : ICommand<int>;

/// <summary>One batch of tickets whose postponement date has come: back in progress, their clocks running again.</summary>
public sealed record ResumePostponedTickets : ICommand<int>;

public sealed class SweepSlaTargetsHandler(DbContext db, IClock clock, IMediator mediator, TicketSla sla, IStringLocalizer<TicketsResources> l) :
    IRequestHandler<SweepSlaTargets, int>,
    IRequestHandler<ResumePostponedTickets, int>
{
    public async ValueTask<int> Handle(SweepSlaTargets request, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var due = await db.Set<TicketSlaTarget>()
            .Where(t => t.MetAt == null && !t.Stopped && ((t.WarnedAt == null && t.WarnAt <= now) || (t.BreachedAt == null && t.DueAt <= now)))
            .OrderBy(t => t.DueAt).Take(SlaSweep.BatchSize).ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var ticketIds = due.Select(t => t.TicketId).Distinct().ToList();
        var tickets = await db.Set<Ticket>().Where(t => ticketIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        var policyIds = due.Where(t => t.PolicyId != null).Select(t => t.PolicyId!.Value).Distinct().ToList();
        var policies = await db.Set<SlaPolicy>().IgnoreQueryFilters().AsNoTracking().Where(p => policyIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var teams = (await mediator.Send(new ListTeams(), cancellationToken)).ToDictionary(t => t.Id);
        foreach (var target in due)
        {
            var breached = target.BreachedAt is null && target.DueAt <= now;
            target.WarnedAt ??= now;
            if (breached)
            {
                target.BreachedAt = now;
            }

            if (!tickets.TryGetValue(target.TicketId, out var ticket))
            {
                // A deleted ticket keeps its targets for reports, but nobody is told about it.
                continue;
            }

            var policy = target.PolicyId is { } id ? policies.GetValueOrDefault(id) : null;
            await ActAsync(ticket, target, breached ? policy?.BreachActions ?? SlaActions.NotifyOwner : policy?.WarningActions ?? SlaActions.NotifyOwner, breached, teams, cancellationToken);
            ticket.Report(breached ? TicketSla.BreachEvent : TicketSla.WarningEvent);
        }

        var targets = await db.Set<TicketSlaTarget>().Where(t => ticketIds.Contains(t.TicketId)).ToListAsync(cancellationToken);
        foreach (var ticket in tickets.Values)
        {
            TicketSla.Summarise(ticket, [.. targets.Where(t => t.TicketId == ticket.Id)]);
        }

        return due.Count;
    }

    private async Task ActAsync(Ticket ticket, TicketSlaTarget target, SlaActions actions, bool breached, Dictionary<Guid, TeamSummary> teams, CancellationToken cancellationToken)
    {
        var leader = ticket.TeamId is { } team && teams.TryGetValue(team, out var found) ? found.LeaderId : null;
        var told = new HashSet<Guid>();
        if (actions.HasFlag(SlaActions.NotifyOwner) && ticket.OwnerId is { } owner)
        {
            told.Add(owner);
        }

        if (actions.HasFlag(SlaActions.NotifyTeamLeader) && leader is { } teamLeader)
        {
            told.Add(teamLeader);
        }

        if (told.Count > 0)
        {
            var key = breached ? "Notice_SlaBreached" : "Notice_SlaWarning";
            string In(string culture) => l.InCulture(culture, key, ticket.Number, ticket.Subject, l.InCulture(culture, "Target_" + target.Kind));
            var text = new LocalText(In(SupportedCultures.Persian), In(SupportedCultures.English));
            await mediator.Send(new Notify(told, text, TicketLinks.Details(ticket.Id)), cancellationToken);
        }

        if (actions.HasFlag(SlaActions.RaisePriority) && ticket.Priority < TicketPriority.Urgent)
        {
            ticket.Priority++;
        }

        if (actions.HasFlag(SlaActions.ReassignToTeamLeader) && leader is { } newOwner && newOwner != ticket.OwnerId)
        {
            db.Add(new TicketEntry
            {
                TicketId = ticket.Id, Kind = TicketEntryKind.Referral, At = clock.UtcNow,
                FromOwnerId = ticket.OwnerId, ToOwnerId = newOwner, FromTeamId = ticket.TeamId, ToTeamId = ticket.TeamId,
            });
            ticket.AssignOwner(newOwner, ticket.TeamId);
        }
    }

    public async ValueTask<int> Handle(ResumePostponedTickets request, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var tickets = await db.Set<Ticket>().Where(t => t.Status == TicketStatus.Postponed && t.PostponedUntil <= now)
            .OrderBy(t => t.PostponedUntil).Take(SlaSweep.BatchSize).ToListAsync(cancellationToken);
        foreach (var ticket in tickets)
        {
            // The clock runs again from the date it was put off until, however late the sweep came.
            db.Add(new TicketEntry { TicketId = ticket.Id, Kind = TicketEntryKind.StatusChange, At = ticket.PostponedUntil ?? now, FromStatus = ticket.Status, ToStatus = TicketStatus.InProgress });
            (ticket.Status, ticket.PostponedUntil) = (TicketStatus.InProgress, null);
            await sla.StatusChangedAsync(ticket, TicketStatus.Postponed, cancellationToken);
        }

        return tickets.Count;
    }
}
