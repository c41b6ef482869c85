using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Sales.Features;

/// <summary>Deals per campaign, for the campaigns' results: every live deal, whoever owns it (a campaign speaks for the company).</summary>
public sealed class CampaignDealsHandler(DbContext db) : IRequestHandler<GetCampaignDeals, IReadOnlyDictionary<Guid, CampaignDeals>>
{
    public async ValueTask<IReadOnlyDictionary<Guid, CampaignDeals>> Handle(GetCampaignDeals request, CancellationToken cancellationToken)
    {
        if (request.CampaignIds.Count > GetCampaignDeals.MaxCampaigns)
        {
            throw new ArgumentOutOfRangeException(nameof(request), "Too many campaigns in one question.");
        }

        var ids = request.CampaignIds.ToList();
        var deals = await db.Set<Opportunity>().AsNoTracking().Where(o => o.CampaignId != null && ids.Contains(o.CampaignId.Value))
            .Select(o => new { o.Id, Campaign = o.CampaignId!.Value, o.Status, o.Amount }).ToListAsync(cancellationToken);
        // Summed as decimals: no total of amounts can overflow.
        return deals.GroupBy(d => d.Campaign).ToDictionary(g => g.Key, g => new CampaignDeals(
            g.Count(), g.Count(d => d.Status == OpportunityStatus.Won), g.Where(d => d.Status == OpportunityStatus.Won).Sum(d => (decimal)d.Amount), [.. g.Select(d => d.Id)]));
    }
}
