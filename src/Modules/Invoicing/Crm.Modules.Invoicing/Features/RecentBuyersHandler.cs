using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Invoicing.Domain;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Invoicing.Features;

/// <summary>Contacts who bought lately, for a campaign that leaves recent buyers out.</summary>
public sealed class RecentBuyersHandler(DbContext db) : IRequestHandler<FindRecentBuyers, IReadOnlySet<Guid>>
{
    public async ValueTask<IReadOnlySet<Guid>> Handle(FindRecentBuyers request, CancellationToken cancellationToken)
    {
        if (request.ContactIds.Count > FindRecentBuyers.MaxContacts)
        {
            throw new ArgumentOutOfRangeException(nameof(request), "Too many contacts in one question.");
        }

        var ids = request.ContactIds.ToList();
        var buyers = await db.Set<Invoice>().AsNoTracking()
            .Where(i => i.ContactId != null && ids.Contains(i.ContactId.Value) && i.Type == InvoiceType.Sales && i.IssuedAt != null && i.CancelledAt == null && i.IssueDate >= request.Since)
            .Select(i => i.ContactId!.Value).Distinct().ToListAsync(cancellationToken);
        return buyers.ToHashSet();
    }
}
