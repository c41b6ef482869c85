using Crm.Modules.Campaigns.Domain;
using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Campaigns.Features;

/// <summary>What a campaign's messages did: each figure counts recipients (someone who clicked three times is one click).</summary>
public sealed record CampaignTally(int Reached, int Delivered, int Opened, int Clicked, int Unsubscribed, int Bounced)
{
    public static readonly CampaignTally None = new(0, 0, 0, 0, 0, 0);

    public CampaignTally Plus(CampaignTally other) => new(Reached + other.Reached, Delivered + other.Delivered, Opened + other.Opened,
        Clicked + other.Clicked, Unsubscribed + other.Unsubscribed, Bounced + other.Bounced);
}

/// <summary>
/// What a campaign earned: its messages' figures, the leads and deals attributed to it, the deals won and their
/// amount, what their invoices brought in, and what it cost. Amounts are in rials, as decimals so no sum overflows.
/// </summary>
public sealed record CampaignOutcome(CampaignTally Tally, int Leads, int Deals, int Won, decimal WonAmount, decimal Paid, decimal Cost)
{
    public static readonly CampaignOutcome None = new(CampaignTally.None, 0, 0, 0, 0, 0, 0);

    /// <summary>Null without leads.</summary>
    public decimal? CostPerLead => Leads == 0 ? null : Math.Round(Cost / Leads, MidpointRounding.AwayFromZero);

    /// <summary>The return on the cost, in percent, from what was paid: (paid − cost) / cost. Null without a cost.</summary>
    public decimal? ReturnPercent => Cost == 0 ? null : Math.Round((Paid - Cost) * 100 / Cost, 1, MidpointRounding.AwayFromZero);

    public CampaignOutcome Plus(CampaignOutcome other) => new(Tally.Plus(other.Tally), Leads + other.Leads, Deals + other.Deals, Won + other.Won,
        WonAmount + other.WonAmount, Paid + other.Paid, Cost + other.Cost);
}

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
