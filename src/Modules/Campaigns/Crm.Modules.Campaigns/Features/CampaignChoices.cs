using Crm.Modules.Campaigns.Contracts;
using Crm.Modules.Campaigns.Domain;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Campaigns.Features;

/// <summary>The campaigns leads and deals may be attributed to: those of plans a manager approved.</summary>
public sealed class CampaignChoices(DbContext db) :
    IRequestHandler<ListCampaignChoices, IReadOnlyList<CampaignChoice>>,
    IRequestHandler<FindCampaign, CampaignChoice?>,
    IRequestHandler<FindCampaignsByName, IReadOnlyDictionary<string, Guid>>,
    IRequestHandler<FindCampaignByCode, Guid?>
{
    public async ValueTask<Guid?> Handle(FindCampaignByCode request, CancellationToken cancellationToken) =>
        CampaignCodes.Clean(request.Code) is not { } code ? null
            : await (from c in db.Set<Campaign>().AsNoTracking()
                     join p in db.Set<MarketingPlan>().AsNoTracking() on c.PlanId equals p.Id
                     where c.Code == code && Approved.Contains(p.Status)
                     select (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);

    public async ValueTask<IReadOnlyDictionary<string, Guid>> Handle(FindCampaignsByName request, CancellationToken cancellationToken)
    {
        if (request.Names.Count > FindCampaignsByName.Max)
        {
            throw new ArgumentOutOfRangeException(nameof(request), "Too many names in one question.");
        }

        var wanted = request.Names.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var named = await (from c in db.Set<Campaign>().AsNoTracking()
                           join p in db.Set<MarketingPlan>().AsNoTracking() on c.PlanId equals p.Id
                           where Approved.Contains(p.Status)
                           orderby p.StartDate descending, c.Id descending
                           select new { c.Id, c.Name }).ToListAsync(cancellationToken);
        var found = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase);
        foreach (var campaign in named.Where(c => wanted.Contains(c.Name)))
        {
            found.TryAdd(campaign.Name, campaign.Id);
        }

        return request.Names.Where(found.ContainsKey).Distinct().ToDictionary(n => n, n => found[n]);
    }

    private static readonly PlanStatus[] Approved = [PlanStatus.Approved, PlanStatus.Running, PlanStatus.Completed];

    public async ValueTask<IReadOnlyList<CampaignChoice>> Handle(ListCampaignChoices request, CancellationToken cancellationToken)
    {
        var query = from c in db.Set<Campaign>().AsNoTracking()
                    join p in db.Set<MarketingPlan>().AsNoTracking() on c.PlanId equals p.Id
                    select new { c.Id, c.Name, Plan = p.Name, p.Status, p.StartDate };
        var choices = await query.Where(x => Approved.Contains(x.Status)).OrderByDescending(x => x.StartDate).ThenBy(x => x.Name).Take(ListCampaignChoices.Max)
            .Select(x => new CampaignChoice(x.Id, x.Name, x.Plan)).ToListAsync(cancellationToken);
        if (request.Including is { } current && choices.All(c => c.Id != current)
            && await query.IgnoreQueryFilters().Where(x => x.Id == current).Select(x => new CampaignChoice(x.Id, x.Name, x.Plan)).FirstOrDefaultAsync(cancellationToken) is { } kept)
        {
            choices.Insert(0, kept);
        }

        return choices;
    }

    public async ValueTask<CampaignChoice?> Handle(FindCampaign request, CancellationToken cancellationToken) =>
        await (from c in db.Set<Campaign>().AsNoTracking()
               join p in db.Set<MarketingPlan>().AsNoTracking() on c.PlanId equals p.Id
               where c.Id == request.Id && Approved.Contains(p.Status)
               select new CampaignChoice(c.Id, c.Name, p.Name)).FirstOrDefaultAsync(cancellationToken);
}
