using Crm.Modules.Campaigns.Contracts;
using Crm.Modules.Campaigns.Domain;
using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Campaigns.Features;

/// <summary>The results of a plan's campaigns: their recipients' rows counted in one query, the rest asked of the modules that own it.</summary>
public sealed class CampaignResults(DbContext db, IMediator mediator)
{
    public async Task<IReadOnlyDictionary<Guid, CampaignTally>> TallyAsync(IReadOnlyCollection<Guid> campaignIds, CancellationToken cancellationToken)
    {
        var rows = await db.Set<CampaignRecipient>().AsNoTracking().Where(r => campaignIds.Contains(r.CampaignId)).GroupBy(r => r.CampaignId)
            .Select(g => new
            {
                g.Key,
                Reached = g.Count(r => r.QueuedAt != null),
                Delivered = g.Count(r => r.DeliveredAt != null),
                Opened = g.Count(r => r.OpenedAt != null),
                Clicked = g.Count(r => r.ClickedAt != null),
                Unsubscribed = g.Count(r => r.UnsubscribedAt != null),
                Bounced = g.Count(r => r.BouncedAt != null),
            }).ToListAsync(cancellationToken);
        return campaignIds.ToDictionary(id => id, id => rows.FirstOrDefault(r => r.Key == id) is { } r
            ? new CampaignTally(r.Reached, r.Delivered, r.Opened, r.Clicked, r.Unsubscribed, r.Bounced)
            : CampaignTally.None);
    }

    public async Task<IReadOnlyDictionary<Guid, CampaignOutcome>> OutcomesAsync(IReadOnlyCollection<Guid> campaignIds, CancellationToken cancellationToken)
    {
        var tally = await TallyAsync(campaignIds, cancellationToken);
        var leads = await mediator.Send(new CountCampaignLeads(campaignIds), cancellationToken);
        var deals = await mediator.Send(new GetCampaignDeals(campaignIds), cancellationToken);
        var costs = (await db.Set<CampaignCost>().AsNoTracking().Where(c => campaignIds.Contains(c.CampaignId)).Select(c => new { c.CampaignId, c.Amount }).ToListAsync(cancellationToken))
            .GroupBy(c => c.CampaignId).ToDictionary(g => g.Key, g => g.Sum(c => (decimal)c.Amount));
        var outcomes = new Dictionary<Guid, CampaignOutcome>();
        foreach (var id in campaignIds)
        {
            var won = deals.GetValueOrDefault(id);
            decimal paid = 0;
            foreach (var chunk in (won?.DealIds ?? []).Chunk(GetDealPayments.MaxDeals))
            {
                paid += await mediator.Send(new GetDealPayments(chunk), cancellationToken);
            }

            outcomes[id] = new CampaignOutcome(tally[id], leads.GetValueOrDefault(id), won?.Deals ?? 0, won?.Won ?? 0, won?.WonAmount ?? 0, paid, costs.GetValueOrDefault(id));
        }

        return outcomes;
    }
}

/// <summary>The campaigns of approved plans whose period meets the one asked, with what each earned: the marketing report's rows.</summary>
public sealed class CampaignFiguresHandler(DbContext db, CampaignResults results) : IRequestHandler<GetCampaignFigures, IReadOnlyList<CampaignFigures>>
{
    private static readonly PlanStatus[] Approved = [PlanStatus.Approved, PlanStatus.Running, PlanStatus.Completed];

    public async ValueTask<IReadOnlyList<CampaignFigures>> Handle(GetCampaignFigures request, CancellationToken cancellationToken)
    {
        var campaigns = await (from c in db.Set<Campaign>().AsNoTracking()
                               join p in db.Set<MarketingPlan>().AsNoTracking() on c.PlanId equals p.Id
                               where Approved.Contains(p.Status) && p.StartDate <= request.To && p.EndDate >= request.From
                               orderby p.StartDate descending, c.Id
                               select new { c.Id, c.Name, c.Type, PlanName = p.Name, p.StartDate, p.EndDate }).Take(GetCampaignFigures.Max).ToListAsync(cancellationToken);
        var outcomes = await results.OutcomesAsync([.. campaigns.Select(c => c.Id)], cancellationToken);
        return [.. campaigns.Select(c => new CampaignFigures(c.Id, c.Name, c.PlanName, c.Type.ToString(), c.StartDate, c.EndDate, outcomes[c.Id]))];
    }
}
