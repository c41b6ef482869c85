using Crm.Modules.Tickets.Contracts;
using Crm.Modules.Tickets.Domain;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Tickets.Features;

/// <summary>Contacts waiting on support, for a campaign that does not advertise to someone whose problem is still open.</summary>
public sealed class OpenTicketContacts(DbContext db) : IRequestHandler<FindContactsWithOpenTickets, IReadOnlySet<Guid>>
{
    private static readonly TicketStatus[] Closed = [TicketStatus.Resolved, TicketStatus.Closed, TicketStatus.Cancelled];

    public async ValueTask<IReadOnlySet<Guid>> Handle(FindContactsWithOpenTickets request, CancellationToken cancellationToken)
    {
        if (request.ContactIds.Count > FindContactsWithOpenTickets.MaxContacts)
        {
            throw new ArgumentOutOfRangeException(nameof(request), "Too many contacts in one question.");
        }

        var ids = request.ContactIds.ToList();
        var open = await db.Set<Ticket>().AsNoTracking().Where(t => t.ContactId != null && ids.Contains(t.ContactId.Value) && !Closed.Contains(t.Status))
            .Select(t => t.ContactId!.Value).Distinct().ToListAsync(cancellationToken);
        return open.ToHashSet();
    }
}
