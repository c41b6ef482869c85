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

    /// <summary>Define the SLA policies.</summary>
    public const string ManageSla = "Tickets.ManageSla";

    /// <summary>Set up the teams' support mailboxes that mail becomes tickets from.</summary>
    public const string ManageMailboxes = "Tickets.ManageMailboxes";
}

public static class TicketRecordTypes
{
    public const string Ticket = "Ticket";
}
