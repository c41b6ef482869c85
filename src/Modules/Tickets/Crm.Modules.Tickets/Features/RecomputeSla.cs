using Crm.Modules.Tickets.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Tickets.Features;

/// <summary>
/// Every open ticket's targets are worked out again after a policy or the working calendar changes. The change raises a counter row in the
/// caller's save; the SLA sweep sees it, goes through the open tickets a batch per transaction, and lowers the counter
/// only if no other change came meanwhile. Nothing is queued, so a restart in the middle simply starts it again (doing it
/// twice gives the same result).
/// </summary>
public static class SlaRecompute
{
    public const string Key = "sla-recompute";

    /// <summary>The row keeping the <see cref="WorkingCalendar.Fingerprint"/> the open tickets' instants were worked out on.</summary>
    public const string CalendarKey = "sla-calendar";

    /// <summary>
    /// Asks for a recompute when the calendar is not the one last seen (hours, holidays or zone changed), saved with the
    /// fingerprint now seen. The first sight only records it: the instants were worked out on that calendar.
    /// </summary>
    public static async Task CalendarSeenAsync(DbContext db, WorkingCalendar calendar, CancellationToken cancellationToken)
    {
        var row = await db.Set<TicketSequence>().FirstOrDefaultAsync(s => s.Key == CalendarKey, cancellationToken);
        if (row is null)
        {
            db.Add(new TicketSequence { Key = CalendarKey, Last = calendar.Fingerprint });
        }
        else if (row.Last != calendar.Fingerprint)
        {
            row.Last = calendar.Fingerprint;
            await RequestAsync(db, cancellationToken);
        }
        else
        {
            return;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance saw the same change at the same moment and asked for the same recompute.
        }
    }

    /// <summary>Asks for a recompute, saved with the caller's change.</summary>
    public static async Task RequestAsync(DbContext db, CancellationToken cancellationToken)
    {
        var row = await db.Set<TicketSequence>().FirstOrDefaultAsync(s => s.Key == Key, cancellationToken);
        if (row is null)
        {
            db.Add(new TicketSequence { Key = Key, Last = 1 });
        }
        else
        {
            row.Last++;
        }
    }

    public static Task<long> PendingAsync(DbContext db, CancellationToken cancellationToken) =>
        db.Set<TicketSequence>().Where(s => s.Key == Key).Select(s => s.Last).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Marks the recompute asked for as <paramref name="seen"/> done, unless another was asked for since.</summary>
    public static Task DoneAsync(DbContext db, long seen, CancellationToken cancellationToken) =>
        db.Set<TicketSequence>().Where(s => s.Key == Key && s.Last == seen).ExecuteUpdateAsync(s => s.SetProperty(x => x.Last, 0L), cancellationToken);
}

/// <summary>One batch of open tickets after <see cref="After"/>; returns the last one done, or null when none was left.</summary>
public sealed record RecomputeSlaBatch(Guid? After) : ICommand<Guid?>;

public sealed class RecomputeSlaBatchHandler(DbContext db, TicketSla sla) : IRequestHandler<RecomputeSlaBatch, Guid?>
{
    public const int BatchSize = 200;

    public async ValueTask<Guid?> Handle(RecomputeSlaBatch request, CancellationToken cancellationToken)
    {
        var query = db.Set<Ticket>().Where(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed && t.Status != TicketStatus.Cancelled);
        if (request.After is { } after)
        {
            query = query.Where(t => t.Id.CompareTo(after) > 0);
        }

        var tickets = await query.OrderBy(t => t.Id).Take(BatchSize).ToListAsync(cancellationToken);
        foreach (var ticket in tickets)
        {
            await sla.RecomputeAsync(ticket, cancellationToken);
        }

        return tickets.Count == 0 ? null : tickets[^1].Id;
    }
}
