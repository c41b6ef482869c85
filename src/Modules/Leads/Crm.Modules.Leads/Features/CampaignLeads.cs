using Crm.Modules.Leads.Contracts;
using Crm.Modules.Leads.Domain;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Leads.Features;

/// <summary>Leads per campaign, for the campaigns' results (every live lead, whoever owns it: a campaign speaks for the company).</summary>
public sealed class CampaignLeadsHandler(DbContext db) : IRequestHandler<CountCampaignLeads, IReadOnlyDictionary<Guid, int>>
{
    public async ValueTask<IReadOnlyDictionary<Guid, int>> Handle(CountCampaignLeads request, CancellationToken cancellationToken)
    {
        if (request.CampaignIds.Count > CountCampaignLeads.MaxCampaigns)
        {
            throw new ArgumentOutOfRangeException(nameof(request), "Too many campaigns in one question.");
        }

        var ids = request.CampaignIds.ToList();
        var counts = await db.Set<Lead>().AsNoTracking().Where(l => l.CampaignId != null && ids.Contains(l.CampaignId.Value))
            .GroupBy(l => l.CampaignId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return counts.ToDictionary(c => c.Key, c => c.Count);
    }
}
