using Crm.Modules.Identity.Contracts;
using Crm.Modules.Tickets.Domain;
using Crm.Modules.Tickets.Features;
using Crm.SharedKernel.Lists;

namespace Crm.Modules.Tickets.Web;

/// <summary>The list's filters, kept in the query string so a filtered list can be bookmarked and shared.</summary>
public sealed class TicketFilter
{
    public string? Q { get; set; }

    /// <summary>open (the default), closed or all.</summary>
    public string? Scope { get; set; }

    public bool Mine { get; set; }

    /// <summary>A team's queue.</summary>
    public Guid? Team { get; set; }

    public TicketPriority? Priority { get; set; }

    /// <summary>Only tickets whose SLA is in this state (Warning, Breached).</summary>
    public SlaState? Sla { get; set; }

    /// <summary>"due": by time left, soonest first; otherwise newest first.</summary>
    public string? Sort { get; set; }

    public bool Deleted { get; set; }

    public string? After { get; set; }

    public string? Before { get; set; }

    public bool Last { get; set; }

    public PageRequest Page => new(After, Before, Last);
}

public sealed record TicketRow(Guid Id, string Number, string Subject, string CustomerName, TicketPriority Priority, TicketStatus Status,
    SlaState SlaState, DateTime? SlaDueAt, Guid? OwnerId, DateTime CreatedAt);

public sealed record TicketListModel(TicketFilter Filter, KeysetPage<TicketRow> Page, IReadOnlyDictionary<Guid, string> OwnerNames, IReadOnlyList<TeamSummary> Teams);

public sealed record TicketDetailsModel(
    Ticket Ticket,
    IReadOnlyList<TicketEntry> Entries,
    IReadOnlyList<TicketSlaTarget> Targets,
    IReadOnlyDictionary<Guid, string> Names,
    IReadOnlyList<TeamSummary> Teams,
    IReadOnlyList<UserSummary> Users,
    string? CustomerUrl,
    DateTime Now,
    Crm.SharedKernel.Time.WorkingCalendar Calendar);

public sealed class TicketEditModel
{
    public TicketInput Input { get; set; } = new();

    public string? CustomerTitle { get; set; }

    public IReadOnlyList<UserSummary> Users { get; set; } = [];

    public IReadOnlyList<string> Categories { get; set; } = [];
}
