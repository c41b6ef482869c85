using Crm.Modules.Identity.Contracts;
using Crm.Modules.Tickets.Domain;
using Crm.Modules.Tickets.Features;
using Crm.SharedKernel.Lists;

namespace Crm.Modules.Tickets.Web;

/// <summary>The list's page, and for its bulk actions the teams and the people tickets can be referred to.</summary>
public sealed record TicketListModel(TicketFilter Filter, KeysetPage<TicketRow> Page, IReadOnlyDictionary<Guid, string> OwnerNames, IReadOnlyList<TeamSummary> Teams,
    IReadOnlyList<UserSummary> Agents);

public sealed record TicketDetailsModel(
    Ticket Ticket,
    IReadOnlyList<TicketEntry> Entries,
    ILookup<Guid, TicketAttachment> Attachments,
    IReadOnlyList<TicketSlaTarget> Targets,
    IReadOnlyDictionary<Guid, string> Names,
    IReadOnlyList<TeamSummary> Teams,
    IReadOnlyList<UserSummary> Users,
    string? CustomerUrl,
    DateTime Now,
    Crm.SharedKernel.Time.WorkingCalendar Calendar,
    ProductRegistration? Registration,
    IReadOnlyList<RepairOrder> Repairs);

public sealed class TicketEditModel
{
    public TicketInput Input { get; set; } = new();

    public string? CustomerTitle { get; set; }

    public IReadOnlyList<UserSummary> Users { get; set; } = [];

    public IReadOnlyList<string> Categories { get; set; } = [];

    /// <summary>The customer's registered items, when the customer is known.</summary>
    public IReadOnlyList<ProductRegistration> Registrations { get; set; } = [];
}
