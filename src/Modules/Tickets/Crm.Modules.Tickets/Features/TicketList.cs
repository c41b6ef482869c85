using Crm.Modules.Tickets.Domain;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Tickets.Features;

/// <summary>The list's filters, kept in the query string so a filtered list can be bookmarked and shared.</summary>
public sealed class TicketFilter : ListFilter
{
    /// <summary>open (the default), closed or all.</summary>
    public string? Scope { get; set; }

    public bool Mine { get; set; }

    /// <summary>A team's queue.</summary>
    public Guid? Team { get; set; }

    public TicketPriority? Priority { get; set; }

    /// <summary>Only tickets whose SLA is in this state (Warning, Breached).</summary>
    public SlaState? Sla { get; set; }

    // Sort: "due" is by time left, soonest first; otherwise newest first.
}

public sealed record TicketRow(Guid Id, string Number, string Subject, string CustomerName, TicketPriority Priority, TicketStatus Status,
    SlaState SlaState, DateTime? SlaDueAt, Guid? OwnerId, DateTime CreatedAt);

/// <summary>
/// The tickets list: the filters as one query under the visibility rule, paged by keyset (newest first, or soonest due).
/// The page itself is read by <see cref="TicketListStatement"/>, this query's hand-written form; export and bulk actions use the query.
/// </summary>
public static class TicketList
{
    public static Task<KeysetPage<TicketRow>> PageAsync(DbContext db, ICurrentUser user, TicketFilter filter, int pageSize, CancellationToken cancellationToken)
    {
        var byDue = filter.Sort == "due";
        return Keyset.PageAsync(Query(db, user, filter), byDue ? t => t.SlaSortKey : null, !byDue, filter.Page, pageSize,
            t => new TicketRow(t.Id, t.Number, t.Subject, t.CustomerName, t.Priority, t.Status, t.SlaState, t.SlaDueAt, t.OwnerId, t.CreatedAt), cancellationToken);
    }

    public static IQueryable<Ticket> Query(DbContext db, ICurrentUser user, TicketFilter filter)
    {
        var query = (filter.Deleted ? db.Set<Ticket>().IgnoreQueryFilters().Where(t => t.IsDeleted) : db.Set<Ticket>()).VisibleTo(user).AsNoTracking();
        query = filter.Scope switch
        {
            "closed" => query.Where(t => t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed || t.Status == TicketStatus.Cancelled),
            "all" => query,
            _ => query.Where(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed && t.Status != TicketStatus.Cancelled),
        };
        if (filter.Mine)
        {
            query = query.Where(t => t.OwnerId == user.UserId);
        }

        if (filter.Team is { } team)
        {
            query = query.Where(t => t.TeamId == team);
        }

        if (filter.Priority is { } priority)
        {
            query = query.Where(t => t.Priority == priority);
        }

        if (filter.Sla is { } sla)
        {
            query = query.Where(t => t.SlaState == sla);
        }

        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var text = PersianText.Clean(TextLimits.Shorten(filter.Q, 100));
            var number = text.ToUpperInvariant();
            query = query.Where(t => t.Number == number || t.Subject.Contains(text) || t.CustomerName.Contains(text));
        }

        return query;
    }
}
