using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Invoicing.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Reports;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Invoicing.Features;

/// <summary>Payments received on deals' invoices, for a campaign's revenue paid.</summary>
public sealed class DealPaymentsHandler(DbContext db) : IRequestHandler<GetDealPayments, decimal>
{
    public async ValueTask<decimal> Handle(GetDealPayments request, CancellationToken cancellationToken)
    {
        if (request.DealIds.Count > GetDealPayments.MaxDeals)
        {
            throw new ArgumentOutOfRangeException(nameof(request), "Too many deals in one question.");
        }

        var ids = request.DealIds.ToList();
        var sums = await db.Set<Invoice>().AsNoTracking()
            .Where(i => i.OpportunityId != null && ids.Contains(i.OpportunityId.Value) && i.Type == InvoiceType.Sales && i.IssuedAt != null && i.CancelledAt == null)
            .GroupBy(i => 1).Select(g => new { High = g.Sum(i => i.PaidAmount / WideSum.Unit), Low = g.Sum(i => i.PaidAmount % WideSum.Unit) })
            .FirstOrDefaultAsync(cancellationToken);
        return sums is null ? 0 : WideSum.Of(sums.High, sums.Low);
    }
}
