using Crm.Modules.Tickets.Contracts;
using Crm.Modules.Tickets.Domain;
using Crm.Modules.Tickets.Features;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Tickets.Web;

public sealed record CustomerTicketsModel(RecordRef Record, IReadOnlyList<TicketRow> Tickets, bool CanOpen);

/// <summary>A customer's page lists their latest tickets, open ones first, with a button to open another.</summary>
public sealed class CustomerTicketsViewComponent(DbContext db, ICurrentUser user) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(RecordRef record)
    {
        var byCustomer = user.HasPermission(TicketsPermissions.ViewCustomerTickets);
        if ((!user.HasPermission(TicketsPermissions.View) && !byCustomer) || record.Type is not (RecordTypes.Contact or RecordTypes.Organization))
        {
            return Content("");
        }

        // The page shows a customer the user may see: with the customer-tickets permission, all of that customer's tickets.
        var query = byCustomer ? db.Set<Ticket>().AsNoTracking() : db.Set<Ticket>().VisibleTo(user).AsNoTracking();
        query = record.Type == RecordTypes.Organization ? query.Where(t => t.OrganizationId == record.Id) : query.Where(t => t.ContactId == record.Id);
        var tickets = await query
            .OrderBy(t => t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed || t.Status == TicketStatus.Cancelled).ThenByDescending(t => t.Id).Take(10)
            .Select(t => new TicketRow(t.Id, t.Number, t.Subject, t.CustomerName, t.Priority, t.Status, t.SlaState, t.SlaDueAt, t.OwnerId, t.CreatedAt))
            .ToListAsync(HttpContext.RequestAborted);
        return View("~/Areas/Tickets/Views/Shared/Components/CustomerTickets/Default.cshtml",
            new CustomerTicketsModel(record, tickets, user.HasPermission(TicketsPermissions.Edit)));
    }
}
