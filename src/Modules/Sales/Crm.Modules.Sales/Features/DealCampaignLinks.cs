using Crm.Modules.Campaigns.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Sales.Features;

/// <summary>
/// Links deals whose campaign was typed as words, before campaigns could be chosen, to the campaign of that name once
/// one exists in an approved plan. A name no campaign has stays as it was written. Each name's deals are linked in one
/// statement that only touches unlinked deals, so a run stopped midway, or run twice, links each deal once.
/// </summary>
public sealed class DealCampaignLinksJob(DbContext db, IMediator mediator) : ICrmJob
{
    public const string Key = "sales.campaign-links";

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var names = await db.Set<Opportunity>().IgnoreQueryFilters().Where(o => o.CampaignId == null && o.Campaign != null)
            .Select(o => o.Campaign!).Distinct().OrderBy(n => n).Take(FindCampaignsByName.Max).ToListAsync(cancellationToken);
        if (names.Count == 0)
        {
            return;
        }

        foreach (var (name, campaign) in await mediator.Send(new FindCampaignsByName(names), cancellationToken))
        {
            await db.Set<Opportunity>().IgnoreQueryFilters().Where(o => o.CampaignId == null && o.Campaign == name)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.CampaignId, campaign), cancellationToken);
        }
    }
}
