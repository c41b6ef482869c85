using Crm.Modules.Campaigns.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Campaigns.Features;

/// <summary>What a campaign's messages did: each figure counts recipients (someone who clicked three times is one click).</summary>
public sealed record CampaignTally(int Reached, int Delivered, int Opened, int Clicked, int Unsubscribed, int Bounced)
{
    public static readonly CampaignTally None = new(0, 0, 0, 0, 0, 0);

    public CampaignTally Plus(CampaignTally other) => new(Reached + other.Reached, Delivered + other.Delivered, Opened + other.Opened,
        Clicked + other.Clicked, Unsubscribed + other.Unsubscribed, Bounced + other.Bounced);
}

/// <summary>The results of a plan's campaigns, counted from their recipients' rows in one query.</summary>
public sealed class CampaignResults(DbContext db)
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
}
