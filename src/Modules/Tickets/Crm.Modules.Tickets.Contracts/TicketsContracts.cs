namespace Crm.Modules.Tickets.Contracts;

public static class TicketsPermissions
{
    /// <summary>See the tickets of one's own and one's team's customers (all of them with the platform's view-all permission).</summary>
    public const string View = "Tickets.View";

    /// <summary>
    /// Read the tickets of the customers one can see (on the customer's page, and each ticket opened from there), without
    /// the tickets list or any change: what sales staff need to know before they call their customer.
    /// </summary>
    public const string ViewCustomerTickets = "Tickets.ViewCustomerTickets";

    /// <summary>Open tickets, reply, refer and change their status.</summary>
    public const string Edit = "Tickets.Edit";

    /// <summary>Export the tickets list, as filtered, to Excel.</summary>
    public const string Export = "Tickets.Export";

    /// <summary>Define the SLA policies.</summary>
    public const string ManageSla = "Tickets.ManageSla";

    /// <summary>Set up the teams' support mailboxes that mail becomes tickets from.</summary>
    public const string ManageMailboxes = "Tickets.ManageMailboxes";
}

public static class TicketRecordTypes
{
    public const string Ticket = "Ticket";
}

/// <summary>
/// After-sales figures for a period (instants, end exclusive) over the tickets and repairs the current user may see:
/// tickets opened and solved per local day and by status, priority, category, channel, team and agent; SLA targets met
/// and breached; first-response and resolution times in working minutes (median and 90th percentile); the open backlog
/// by age; satisfaction; repairs by item and by fault (empty key: none recorded); what the warranty carried against what service was charged.
/// </summary>
public sealed record GetServiceFigures(DateTime FromUtc, DateTime ToUtc) : Crm.SharedKernel.Messaging.IRequest<ServiceFigures>;

public sealed record ServiceFigures(
    IReadOnlyList<ServiceDay> ByDay,
    IReadOnlyDictionary<string, IReadOnlyList<ServiceGroup>> Groups,
    int TargetsMet,
    int TargetsBreached,
    ServiceTimes FirstResponse,
    ServiceTimes Resolution,
    IReadOnlyList<ServiceGroup> Backlog,
    IReadOnlyList<int> Ratings,
    IReadOnlyList<ServiceGroup> RepairsByItem,
    IReadOnlyList<ServiceGroup> RepairsByFault,
    long WarrantyCost,
    long ServiceCharged)
{
    /// <summary>The keys of <see cref="Groups"/>.</summary>
    public static readonly string[] GroupKeys = ["Status", "Priority", "Category", "Channel", "Team", "Agent"];
}

public sealed record ServiceDay(DateOnly Date, int Opened, int Solved);

/// <summary>A group's key (an enum name, a category, or a team's or user's id; empty for none) and its counts.</summary>
public sealed record ServiceGroup(string Key, int Opened, int Solved, int Breached);

/// <summary>Working minutes; null when nothing was measured.</summary>
public sealed record ServiceTimes(int Count, double? Median, double? Percentile90);

/// <summary>Which of these contacts have a ticket still open (a campaign leaves them out); at most <see cref="MaxContacts"/> a question.</summary>
public sealed record FindContactsWithOpenTickets(IReadOnlyCollection<Guid> ContactIds) : Crm.SharedKernel.Messaging.IRequest<IReadOnlySet<Guid>>
{
    public const int MaxContacts = 5_000;
}
