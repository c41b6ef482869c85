using Crm.Modules.Tags.Contracts;
using Crm.Modules.Tickets.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Tickets.Features;

/// <summary>
/// Keeps a ticket's SLA targets true after anything that moves them: it opens the targets its policy sets, marks those a
/// reply or a resolution meets, and works out each running target's warning and due instants again from its start, the
/// policy's current length and the pauses in the ticket's status history, so a change of priority or policy loses no
/// pause already counted. Warnings and breaches themselves are the sweep's (<see cref="SlaSweep"/>).
/// </summary>
public sealed class TicketSla(DbContext db, IClock clock, IWorkingCalendarSource calendars, IMediator mediator)
{
    /// <summary>Events a ticket reports, which workflows can start on.</summary>
    public const string WarningEvent = "SlaWarning";
    public const string BreachEvent = "SlaBreached";

    public async Task<SlaPolicy?> PolicyForAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var policies = await db.Set<SlaPolicy>().AsNoTracking().OrderBy(p => p.Position).ToListAsync(cancellationToken);
        if (policies.Count == 0)
        {
            return null;
        }

        var classes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (policies.Any(p => p.CustomerClass is not null))
        {
            foreach (var customer in Customers(ticket))
            {
                var tags = await mediator.Send(new GetRecordTags(customer.Type, [customer.Id]), cancellationToken);
                classes.UnionWith(tags.GetValueOrDefault(customer.Id, []).Select(t => t.Name));
            }
        }

        return policies
            .Where(p => (p.Priority is null || p.Priority == ticket.Priority)
                && (p.Category is null || string.Equals(p.Category, ticket.Category, StringComparison.OrdinalIgnoreCase))
                && (p.CustomerClass is null || classes.Contains(p.CustomerClass)))
            .OrderByDescending(p => p.Specificity).ThenBy(p => p.Position).FirstOrDefault();
    }

    private static IEnumerable<RecordRef> Customers(Ticket ticket)
    {
        if (ticket.ContactId is { } contact)
        {
            yield return new RecordRef(RecordTypes.Contact, contact);
        }

        if (ticket.OrganizationId is { } organization)
        {
            yield return new RecordRef(RecordTypes.Organization, organization);
        }
    }

    /// <summary>A staff reply the customer sees: it meets the first response and the pending next response.</summary>
    public async Task AnsweredAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        ticket.FirstRespondedAt ??= clock.UtcNow;
        foreach (var target in await RunningAsync(ticket, cancellationToken))
        {
            if (target.Kind is SlaTargetKind.FirstResponse or SlaTargetKind.NextResponse)
            {
                target.MetAt = clock.UtcNow;
            }
        }

        await RecomputeAsync(ticket, cancellationToken);
    }

    /// <summary>The customer wrote again after the first answer: a next-response clock starts, unless one already runs.</summary>
    public async Task CustomerWroteAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var running = await RunningAsync(ticket, cancellationToken);
        if (ticket.FirstRespondedAt is not null && running.All(t => t.Kind != SlaTargetKind.NextResponse)
            && await PolicyForAsync(ticket, cancellationToken) is { NextResponseMinutes: > 0 } policy)
        {
            db.Add(new TicketSlaTarget { TicketId = ticket.Id, Kind = SlaTargetKind.NextResponse, PolicyId = policy.Id, StartedAt = clock.UtcNow, TargetMinutes = policy.NextResponseMinutes });
        }

        await RecomputeAsync(ticket, cancellationToken);
    }

    /// <summary>After a status change: resolved or closed meets the resolution; cancelled stops every clock; reopened runs the resolution again.</summary>
    public async Task StatusChangedAsync(Ticket ticket, TicketStatus before, CancellationToken cancellationToken)
    {
        var targets = await db.Set<TicketSlaTarget>().Where(t => t.TicketId == ticket.Id).ToListAsync(cancellationToken);
        var now = clock.UtcNow;
        foreach (var target in targets.Where(t => t.IsRunning))
        {
            if (ticket.Status == TicketStatus.Cancelled)
            {
                target.Stopped = true;
            }
            else if (ticket.Status is TicketStatus.Resolved or TicketStatus.Closed)
            {
                // Resolving answers the customer too; an unanswered first response is stopped rather than counted as met.
                (target.MetAt, target.Stopped) = target.Kind == SlaTargetKind.Resolution ? (now, false) : ((DateTime?)null, true);
            }
        }

        var reopened = before is TicketStatus.Resolved or TicketStatus.Closed && ticket.IsOpen;
        if (reopened && targets.FirstOrDefault(t => t.Kind == SlaTargetKind.Resolution) is { } resolution)
        {
            resolution.MetAt = null;
        }

        await RecomputeAsync(ticket, cancellationToken, targets);
    }

    /// <summary>Opens the policy's targets the ticket lacks and works out every running target's instants again.</summary>
    public async Task RecomputeAsync(Ticket ticket, CancellationToken cancellationToken, List<TicketSlaTarget>? loaded = null)
    {
        var targets = loaded ?? await db.Set<TicketSlaTarget>().Where(t => t.TicketId == ticket.Id).ToListAsync(cancellationToken);
        targets.AddRange(db.ChangeTracker.Entries<TicketSlaTarget>().Where(e => e.State == EntityState.Added && e.Entity.TicketId == ticket.Id && !targets.Contains(e.Entity)).Select(e => e.Entity));
        var policy = await PolicyForAsync(ticket, cancellationToken);
        if (policy is not null && ticket.IsOpen)
        {
            foreach (var kind in new[] { SlaTargetKind.FirstResponse, SlaTargetKind.Resolution })
            {
                if (policy.MinutesFor(kind) > 0 && targets.All(t => t.Kind != kind) && !(kind == SlaTargetKind.FirstResponse && ticket.FirstRespondedAt is not null))
                {
                    var target = new TicketSlaTarget { TicketId = ticket.Id, Kind = kind, StartedAt = ticket.CreatedAt, PolicyId = policy.Id };
                    db.Add(target);
                    targets.Add(target);
                }
            }
        }

        var calendar = await calendars.GetAsync(cancellationToken);
        var pauses = await PausesAsync(ticket, cancellationToken);
        foreach (var target in targets.Where(t => t.IsRunning))
        {
            if (policy is not null)
            {
                (target.PolicyId, target.TargetMinutes) = (policy.Id, policy.MinutesFor(target.Kind));
            }

            var (warnAt, dueAt, paused) = SlaClock.Compute(target.StartedAt, target.TargetMinutes, policy?.WarnAtPercent ?? 75, pauses, clock.UtcNow, calendar);
            (target.WarnAt, target.DueAt, target.PausedMinutes) = (warnAt, dueAt, paused);
        }

        Summarise(ticket, targets);
    }

    /// <summary>The ticket's own copy of where its targets stand, which lists show, sort and filter by.</summary>
    public static void Summarise(Ticket ticket, IReadOnlyCollection<TicketSlaTarget> targets)
    {
        var running = targets.Where(t => t.IsRunning).ToList();
        ticket.SlaDueAt = running.Where(t => t.DueAt is not null).Select(t => t.DueAt).Min();
        ticket.SlaSortKey = ticket.SlaDueAt is { } due ? due.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) : Ticket.NoDue;
        ticket.SlaState = targets.Any(t => t.BreachedAt is not null) ? SlaState.Breached
            : running.Any(t => t.WarnedAt is not null) ? SlaState.Warning
            : running.Count > 0 ? SlaState.Running
            : targets.Any(t => t.MetAt is not null) ? SlaState.Met
            : SlaState.None;
    }

    /// <summary>The spans the ticket waited on the customer, was put off, or stood resolved, from its status history.</summary>
    private async Task<List<Pause>> PausesAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var changes = await db.Set<TicketEntry>().AsNoTracking().Where(e => e.TicketId == ticket.Id && e.Kind == TicketEntryKind.StatusChange)
            .OrderBy(e => e.At).Select(e => new { e.At, e.ToStatus }).ToListAsync(cancellationToken);
        changes.AddRange(db.ChangeTracker.Entries<TicketEntry>().Where(e => e.State == EntityState.Added && e.Entity.TicketId == ticket.Id && e.Entity.Kind == TicketEntryKind.StatusChange)
            .Select(e => new { e.Entity.At, e.Entity.ToStatus }));
        var pauses = new List<Pause>();
        DateTime? since = null;
        foreach (var change in changes.OrderBy(c => c.At))
        {
            var stops = change.ToStatus is { } status && Stands(status);
            if (stops && since is null)
            {
                since = change.At;
            }
            else if (!stops && since is { } from)
            {
                pauses.Add(new Pause(from, change.At));
                since = null;
            }
        }

        if (since is { } open)
        {
            pauses.Add(new Pause(open, null));
        }

        return pauses;
    }

    private static bool Stands(TicketStatus status) => Ticket.Pauses(status) || status is TicketStatus.Resolved or TicketStatus.Closed;

    private async Task<List<TicketSlaTarget>> RunningAsync(Ticket ticket, CancellationToken cancellationToken) =>
        await db.Set<TicketSlaTarget>().Where(t => t.TicketId == ticket.Id && t.MetAt == null && !t.Stopped).ToListAsync(cancellationToken);
}
