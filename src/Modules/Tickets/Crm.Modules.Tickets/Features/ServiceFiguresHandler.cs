using Crm.Modules.Tickets.Contracts;
using Crm.Modules.Tickets.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Tickets.Features;

/// <summary>
/// The after-sales report's figures. Tickets opened in the period (at most <see cref="MaxTickets"/>, newest first) are
/// read once and grouped in memory, since the times are working time on the calendar, which SQL cannot count.
/// </summary>
public sealed class ServiceFiguresHandler(DbContext db, ICurrentUser user, IWorkingCalendarSource calendars, IClock clock) : IRequestHandler<GetServiceFigures, ServiceFigures>
{
    public const int MaxTickets = 50_000;

    public async ValueTask<ServiceFigures> Handle(GetServiceFigures request, CancellationToken cancellationToken)
    {
        var calendar = await calendars.GetAsync(cancellationToken);
        var tickets = await db.Set<Ticket>().VisibleTo(user).AsNoTracking()
            .Where(t => (t.CreatedAt >= request.FromUtc && t.CreatedAt < request.ToUtc) || (t.ResolvedAt >= request.FromUtc && t.ResolvedAt < request.ToUtc))
            .OrderByDescending(t => t.Id).Take(MaxTickets)
            .Select(t => new Row(t.Id, t.CreatedAt, t.ResolvedAt, t.FirstRespondedAt, t.Status, t.Priority, t.Category, t.Channel, t.TeamId, t.OwnerId, t.Rating, t.RatedAt))
            .ToListAsync(cancellationToken);
        var ids = tickets.Select(t => t.Id).ToList();
        var breached = (await db.Set<TicketSlaTarget>().AsNoTracking().Where(s => ids.Contains(s.TicketId) && s.BreachedAt != null).Select(s => s.TicketId).Distinct().ToListAsync(cancellationToken)).ToHashSet();
        var targets = await db.Set<TicketSlaTarget>().AsNoTracking().Where(s => ids.Contains(s.TicketId)).GroupBy(s => s.BreachedAt != null)
            .Select(g => new { Breached = g.Key, Count = g.Count(s => s.MetAt != null || s.BreachedAt != null) }).ToListAsync(cancellationToken);

        bool Opened(DateTime at) => at >= request.FromUtc && at < request.ToUtc;
        var openedOn = tickets.Where(t => Opened(t.CreatedAt)).Select(t => calendar.LocalDate(t.CreatedAt)).ToList();
        var solvedOn = tickets.Where(t => t.ResolvedAt is { } at && Opened(at)).Select(t => calendar.LocalDate(t.ResolvedAt!.Value)).ToList();
        var openedBy = openedOn.CountBy(d => d).ToDictionary();
        var solvedBy = solvedOn.CountBy(d => d).ToDictionary();
        var byDay = openedBy.Keys.Union(solvedBy.Keys).Order().Select(day => new ServiceDay(day, openedBy.GetValueOrDefault(day), solvedBy.GetValueOrDefault(day))).ToList();

        IReadOnlyList<ServiceGroup> Group(Func<Row, string> key) => [.. tickets.GroupBy(key)
            .Select(g => new ServiceGroup(g.Key, g.Count(t => Opened(t.CreatedAt)), g.Count(t => t.ResolvedAt is DateTime r && Opened(r)), g.Count(t => breached.Contains(t.Id))))
            .OrderByDescending(g => g.Opened)];
        var groups = new Dictionary<string, IReadOnlyList<ServiceGroup>>
        {
            ["Status"] = Group(t => t.Status.ToString()),
            ["Priority"] = Group(t => t.Priority.ToString()),
            ["Category"] = Group(t => t.Category ?? ""),
            ["Channel"] = Group(t => t.Channel.ToString()),
            ["Team"] = Group(t => t.TeamId?.ToString() ?? ""),
            ["Agent"] = Group(t => t.OwnerId?.ToString() ?? ""),
        };

        ServiceTimes Times(IEnumerable<(DateTime From, DateTime? To)> spans)
        {
            var minutes = spans.Where(s => s.To is not null && s.To > s.From).Select(s => calendar.WorkingTimeBetween(s.From, s.To!.Value).TotalMinutes).Order().ToList();
            return minutes.Count == 0 ? new ServiceTimes(0, null, null) : new ServiceTimes(minutes.Count, Percentile(minutes, 0.5), Percentile(minutes, 0.9));
        }

        var now = clock.UtcNow;
        var open = await db.Set<Ticket>().VisibleTo(user).AsNoTracking()
            .Where(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed && t.Status != TicketStatus.Cancelled)
            .Select(t => t.CreatedAt).Take(MaxTickets).ToListAsync(cancellationToken);
        var ages = new[] { ("0-1", 1), ("1-3", 3), ("3-7", 7), ("7-30", 30), ("30+", int.MaxValue) };
        var backlog = ages.Select((a, i) => new ServiceGroup(a.Item1, open.Count(c => (now - c).TotalDays < a.Item2 && (i == 0 || (now - c).TotalDays >= ages[i - 1].Item2)), 0, 0)).ToList();

        var ratings = Enumerable.Range(1, 5).Select(score => tickets.Count(t => t.Rating == score && t.RatedAt is DateTime at && Opened(at))).ToList();
        var repairs = await db.Set<RepairOrder>().VisibleTo(user).AsNoTracking().Include(r => r.Operations).Include(r => r.Parts).AsSplitQuery()
            .Where(r => r.ReceivedAt >= request.FromUtc && r.ReceivedAt < request.ToUtc).OrderByDescending(r => r.Id).Take(MaxTickets).ToListAsync(cancellationToken);
        var repairsByItem = repairs.GroupBy(r => r.Item).Select(g => new ServiceGroup(g.Key, g.Count(), g.Count(r => r.Status == RepairStatus.Delivered), 0))
            .OrderByDescending(g => g.Opened).Take(50).ToList();
        var repairsByFault = repairs.GroupBy(r => r.Fault ?? "").Select(g => new ServiceGroup(g.Key, g.Count(), g.Count(r => r.Status == RepairStatus.Delivered), 0))
            .OrderByDescending(g => g.Opened).Take(50).ToList();

        return new ServiceFigures(byDay, groups, targets.Where(t => !t.Breached).Sum(t => t.Count), targets.Where(t => t.Breached).Sum(t => t.Count),
            Times(tickets.Where(t => Opened(t.CreatedAt)).Select(t => (t.CreatedAt, t.FirstRespondedAt))),
            Times(tickets.Where(t => t.ResolvedAt is DateTime r && Opened(r)).Select(t => (t.CreatedAt, t.ResolvedAt))),
            backlog, ratings, repairsByItem, repairsByFault, repairs.Sum(r => r.Covered), repairs.Sum(r => r.Chargeable));
    }

    private sealed record Row(Guid Id, DateTime CreatedAt, DateTime? ResolvedAt, DateTime? FirstRespondedAt, TicketStatus Status, TicketPriority Priority, string? Category,
        TicketChannel Channel, Guid? TeamId, Guid? OwnerId, int? Rating, DateTime? RatedAt);

    private static double Percentile(List<double> sorted, double share) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(share * sorted.Count) - 1)];
}
