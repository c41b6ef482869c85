using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Reports;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Sales.Features;

/// <summary>
/// The sales figures behind the reports and dashboards: each report is a few grouped queries the database answers in one
/// pass (counts, sums and date differences are all computed there), over the deals the current user may see.
/// </summary>
public sealed class SalesReports(DbContext db, ICurrentUser user, IClock clock, Pipeline pipeline, IDisplayFormatter format, OpportunityService opportunities)
    : IRequestHandler<GetDealFunnel, DealFunnel>,
      IRequestHandler<ListFunnelDeals, IReadOnlyList<DealRow>>,
      IRequestHandler<GetPipelineReport, PipelineReport>,
      IRequestHandler<GetLossReport, LossReport>,
      IRequestHandler<GetRepSales, IReadOnlyList<RepSales>>,
      IRequestHandler<GetDealSources, DealSources>,
      IRequestHandler<ListSalesProcesses, IReadOnlyList<ProcessSummary>>,
      IRequestHandler<ListCommissionRules, IReadOnlyList<CommissionRuleSummary>>
{
    /// <summary>Days in the stage that bound the ageing columns: up to 7, up to 30, up to 90, and older.</summary>
    private static readonly int[] AgeingLimits = [7, 30, 90];

    /// <summary>The visible deals the filter selects (the period is applied by each report to the date it is about).</summary>
    private IQueryable<Opportunity> Deals(DealFilter filter)
    {
        var deals = opportunities.Filter(db.Set<Opportunity>().AsNoTracking().VisibleTo(user),
            new OpportunityFilter { Process = filter.ProcessId, Owner = filter.OwnerId, Team = filter.TeamId, Tag = filter.TagId });
        if (filter.Source is { } source)
        {
            var value = (CustomerSource)source;
            deals = deals.Where(o => o.Source == value);
        }

        if (!string.IsNullOrWhiteSpace(filter.Campaign))
        {
            var campaign = filter.Campaign.Trim();
            deals = deals.Where(o => o.Campaign == campaign);
        }

        return deals;
    }

    /// <summary>Whether the filter (or the user's visibility) selects some deals rather than every deal.</summary>
    private bool Narrowed(DealFilter filter) =>
        !RecordVisibility.SeesAll(user) || filter.OwnerId is not null || filter.TeamId is not null || filter.Source is not null
        || !string.IsNullOrWhiteSpace(filter.Campaign) || filter.TagId is not null;

    /// <summary>The ids of soft-deleted deals.</summary>
    private IQueryable<Guid> DeletedDeals()
    {
        // Compared with a parameter rather than as a bare column, which SQLite cannot look up in IX_Opportunities_IsDeleted.
        var isDeleted = true;
        return db.Set<Opportunity>().IgnoreQueryFilters().Where(o => o.IsDeleted == isDeleted).Select(o => o.Id);
    }

    /// <summary>
    /// The stage entries of the deals the filter selects. Without a narrowing filter (someone who sees every deal, no
    /// owner, team, source, campaign or tag) only soft-deleted deals are left out, which keeps the database from looking
    /// up each entry's deal: the stage ids already say which process it belongs to.
    /// </summary>
    private IQueryable<StageVisit> Visits(DealFilter filter)
    {
        var visits = db.Set<StageVisit>().AsNoTracking();
        if (Narrowed(filter))
        {
            var selected = Deals(filter).Select(o => o.Id);
            return visits.Where(v => selected.Contains(v.OpportunityId));
        }

        var deleted = DeletedDeals();
        return visits.Where(v => !deleted.Contains(v.OpportunityId));
    }

    public async ValueTask<DealFunnel> Handle(GetDealFunnel request, CancellationToken cancellationToken)
    {
        var filter = request.Filter;
        var process = await pipeline.ProcessAsync(filter.ProcessId, cancellationToken) ?? throw new InvalidOperationException("No sales process.");
        var visits = Visits(filter with { ProcessId = process.Id });
        var counted = process.Stages.Where(s => s.Kind != StageKind.Lost).Select(s => s.Id).ToList();

        // Each deal counts once, at the furthest stage it entered in the period; a stage's bar is then every deal whose
        // furthest stage is this one or a later one (a deal that skipped a stage still passed it).
        var furthest = await visits
            .Where(v => v.EnteredAt >= filter.FromUtc && v.EnteredAt < filter.ToUtc && counted.Contains(v.StageId))
            .Join(db.Set<Stage>(), v => v.StageId, s => s.Id, (v, s) => new { v.OpportunityId, s.Position })
            .GroupBy(x => x.OpportunityId)
            .Select(g => g.Max(x => x.Position))
            .GroupBy(position => position)
            .Select(g => new { Position = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var lostId = process.Lost.Id;
        var lost = await visits
            .Where(v => v.StageId == lostId && v.EnteredAt >= filter.FromUtc && v.EnteredAt < filter.ToUtc)
            .Select(v => v.OpportunityId).Distinct().CountAsync(cancellationToken);

        var stages = process.OpenStages.Append(process.Won).ToList();
        var reached = stages.Select(s => furthest.Where(f => f.Position >= s.Position).Sum(f => f.Count)).ToList();
        var steps = stages.Select((stage, i) =>
        {
            var next = i + 1 < stages.Count ? reached[i + 1] : (int?)null;
            return new FunnelStep(
                stage.Id,
                stage.DisplayName,
                stage.Kind == StageKind.Won,
                reached[i],
                next is null || reached[i] == 0 ? null : Math.Round((decimal)next.Value / reached[i], 4),
                next is null ? 0 : reached[i] - next.Value);
        }).ToList();
        return new DealFunnel(process.Id, process.DisplayName, steps, lost);
    }

    public async ValueTask<IReadOnlyList<DealRow>> Handle(ListFunnelDeals request, CancellationToken cancellationToken)
    {
        var filter = request.Filter;
        var process = await pipeline.ProcessAsync(filter.ProcessId, cancellationToken);
        var stage = process?.Stages.FirstOrDefault(s => s.Id == request.StageId && s.Kind != StageKind.Lost);
        if (process is null || stage is null)
        {
            return [];
        }

        var later = process.Stages.Where(s => s.Kind != StageKind.Lost && s.Position >= stage.Position).Select(s => s.Id).ToList();
        var deals = Deals(filter with { ProcessId = process.Id }).Where(o => db.Set<StageVisit>()
            .Any(v => v.OpportunityId == o.Id && v.EnteredAt >= filter.FromUtc && v.EnteredAt < filter.ToUtc && later.Contains(v.StageId)));
        return await RowsAsync(deals, request.Take, cancellationToken);
    }

    private async Task<IReadOnlyList<DealRow>> RowsAsync(IQueryable<Opportunity> deals, int take, CancellationToken cancellationToken)
    {
        var stages = await pipeline.StagesAsync(cancellationToken);
        var rows = await deals.OrderByDescending(o => o.StageEnteredAt).ThenBy(o => o.Id).Take(Math.Clamp(take, 1, 1000))
            .Select(o => new { o.Id, o.Name, o.CustomerName, o.Amount, o.Status, o.StageId, o.OwnerId, o.ExpectedClose, o.ClosedAt })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(o => new DealRow(o.Id, o.Name, o.CustomerName, o.Amount, o.Status,
            stages.TryGetValue(o.StageId, out var s) ? s.DisplayName : "", o.OwnerId, o.ExpectedClose, o.ClosedAt))];
    }

    /// <summary>Every stage by id, including those of the process the filter names even if it was made a moment ago.</summary>
    private async Task<IReadOnlyDictionary<Guid, Stage>> StagesAsync(DealFilter filter, CancellationToken cancellationToken)
    {
        if (filter.ProcessId is { } process)
        {
            await pipeline.ProcessAsync(process, cancellationToken);
        }

        return await pipeline.StagesAsync(cancellationToken);
    }

    public async ValueTask<PipelineReport> Handle(GetPipelineReport request, CancellationToken cancellationToken)
    {
        var filter = request.Filter;
        var stages = await StagesAsync(filter, cancellationToken);
        var now = clock.UtcNow;
        var (week, month, quarter) = (now.AddDays(-AgeingLimits[0]), now.AddDays(-AgeingLimits[1]), now.AddDays(-AgeingLimits[2]));
        var open = Deals(filter).Where(o => o.Status == OpportunityStatus.Open);

        // One pass over the open deals by stage, owner and expected close day, in the order of IX_Opportunities_Open, so the
        // database streams the sums; the groups (a few thousand at most) are folded three ways here.
        var groups = await open.GroupBy(o => new { o.StageId, o.OwnerId, o.ExpectedClose }).Select(g => new
        {
            g.Key.StageId,
            g.Key.OwnerId,
            g.Key.ExpectedClose,
            Count = g.Count(),
            AmountHigh = g.Sum(o => o.Amount / WideSum.Unit),
            AmountLow = g.Sum(o => o.Amount % WideSum.Unit),
            // amount × probability ÷ 100, worked out so that no row's product can pass 64 bits.
            WeightedHigh = g.Sum(o => ((o.Amount / 100 * o.Probability) + (o.Amount % 100 * o.Probability / 100)) / WideSum.Unit),
            WeightedLow = g.Sum(o => ((o.Amount / 100 * o.Probability) + (o.Amount % 100 * o.Probability / 100)) % WideSum.Unit),
            Week = g.Count(o => o.StageEnteredAt >= week),
            Month = g.Count(o => o.StageEnteredAt < week && o.StageEnteredAt >= month),
            Quarter = g.Count(o => o.StageEnteredAt < month && o.StageEnteredAt >= quarter),
            Older = g.Count(o => o.StageEnteredAt < quarter),
        }).ToListAsync(cancellationToken);
        var sums = groups.Select(g => new
        {
            g.StageId,
            g.OwnerId,
            g.ExpectedClose,
            g.Count,
            Amount = WideSum.Of(g.AmountHigh, g.AmountLow),
            Weighted = WideSum.Of(g.WeightedHigh, g.WeightedLow),
            g.Week,
            g.Month,
            g.Quarter,
            g.Older,
        }).ToList();
        var byStage = sums.GroupBy(g => g.StageId).Select(g => new
        {
            StageId = g.Key,
            Count = g.Sum(x => x.Count),
            Amount = g.Sum(x => x.Amount),
            Weighted = g.Sum(x => x.Weighted),
            Week = g.Sum(x => x.Week),
            Month = g.Sum(x => x.Month),
            Quarter = g.Sum(x => x.Quarter),
            Older = g.Sum(x => x.Older),
        }).ToList();
        var byOwner = sums.GroupBy(g => g.OwnerId)
            .Select(g => new PipelineOwner(g.Key, g.Sum(x => x.Count), g.Sum(x => x.Amount), g.Sum(x => x.Weighted))).ToList();
        var forecast = sums.GroupBy(g => g.ExpectedClose)
            .Select(g => new ForecastDay(g.Key, g.Sum(x => x.Count), g.Sum(x => x.Amount), g.Sum(x => x.Weighted))).ToList();

        // Won and lost in the period, with the average days from creation to closing (the sales cycle is the won ones').
        var outcomes = await Deals(filter).Where(o => o.Status != OpportunityStatus.Open && o.ClosedAt >= filter.FromUtc && o.ClosedAt < filter.ToUtc)
            .GroupBy(o => o.Status)
            .Select(g => new
            {
                Status = g.Key,
                Count = g.Count(),
                AmountHigh = g.Sum(o => o.Amount / WideSum.Unit),
                AmountLow = g.Sum(o => o.Amount % WideSum.Unit),
                Days = g.Average(o => SqlDays.Between(o.CreatedAt, o.ClosedAt!.Value)),
            })
            .ToListAsync(cancellationToken);
        var won = outcomes.FirstOrDefault(o => o.Status == OpportunityStatus.Won);
        var lost = outcomes.FirstOrDefault(o => o.Status == OpportunityStatus.Lost);
        var cycle = won?.Days;
        var (wonCount, lostCount) = (won?.Count ?? 0, lost?.Count ?? 0);
        var wonAmount = won is null ? 0 : WideSum.Of(won.AmountHigh, won.AmountLow);

        var openStages = stages.Values.Where(s => s.Kind == StageKind.Open && (filter.ProcessId is null || s.ProcessId == filter.ProcessId)).Select(s => s.Id).ToList();
        var velocity = await StaysAsync(filter, openStages, cancellationToken);

        string Name(Guid id) => stages.TryGetValue(id, out var s) ? s.DisplayName : "";
        var order = stages.Values.ToDictionary(s => s.Id, s => (s.ProcessId, s.Position));
        return new PipelineReport(
            [.. byStage.OrderBy(s => order.GetValueOrDefault(s.StageId)).Select(s =>
                new PipelineStage(s.StageId, Name(s.StageId), s.Count, s.Amount, s.Weighted, [s.Week, s.Month, s.Quarter, s.Older]))],
            [.. byOwner.OrderByDescending(o => o.Amount)],
            [.. forecast.OrderBy(f => f.Date ?? DateOnly.MaxValue)],
            new ClosedDeals(
                wonCount,
                wonAmount,
                lostCount,
                lost is null ? 0 : WideSum.Of(lost.AmountHigh, lost.AmountLow),
                wonCount + lostCount == 0 ? null : Math.Round((decimal)wonCount / (wonCount + lostCount), 4),
                wonCount == 0 ? 0 : decimal.Truncate(wonAmount / wonCount),
                cycle),
            [.. velocity.Where(v => v.Stays > 0).OrderBy(v => order.GetValueOrDefault(v.StageId))
                .Select(v => new StageVelocity(v.StageId, Name(v.StageId), v.Stays, v.Days / v.Stays))]);
    }

    /// <summary>Stays in a stage that ended in the period: how many, and their days in the stage summed.</summary>
    private sealed record StageStays(Guid StageId, int Stays, double Days);

    /// <summary>
    /// The stays that ended in the period in the given stages, per stage, read stage by stage from
    /// IX_OpportunityStageVisits_Exits. Without a narrowing filter every stay is summed and those of soft-deleted deals
    /// (few, found from the deals) are taken off again, since counts and sums add up and looking up each stay's deal would
    /// cost more than the sums.
    /// </summary>
    private async Task<List<StageStays>> StaysAsync(DealFilter filter, List<Guid> stageIds, CancellationToken cancellationToken)
    {
        var (from, to) = (filter.FromUtc, filter.ToUtc);
        Task<List<StageStays>> Sum(IQueryable<StageVisit> visits) => visits
            .Where(v => stageIds.Contains(v.StageId) && v.ExitedAt >= from && v.ExitedAt < to)
            .GroupBy(v => v.StageId)
            .Select(g => new StageStays(g.Key, g.Count(), g.Sum(v => SqlDays.Between(v.EnteredAt, v.ExitedAt!.Value))))
            .ToListAsync(cancellationToken);

        var visits = db.Set<StageVisit>().AsNoTracking();
        if (Narrowed(filter))
        {
            var selected = Deals(filter).Select(o => o.Id);
            return await Sum(visits.Where(v => selected.Contains(v.OpportunityId)));
        }

        var all = await Sum(visits);
        var deleted = DeletedDeals();
        if (!await deleted.AnyAsync(cancellationToken))
        {
            return all;
        }

        var ofDeleted = (await Sum(visits.Where(v => deleted.Contains(v.OpportunityId)))).ToDictionary(s => s.StageId);
        return [.. all.Select(s => ofDeleted.TryGetValue(s.StageId, out var d) ? s with { Stays = s.Stays - d.Stays, Days = s.Days - d.Days } : s)];
    }

    public async ValueTask<LossReport> Handle(GetLossReport request, CancellationToken cancellationToken)
    {
        var filter = request.Filter;
        var stages = await StagesAsync(filter, cancellationToken);
        var openStageIds = stages.Values.Where(s => s.Kind == StageKind.Open).Select(s => s.Id).ToList();
        var lost = Deals(filter).Where(o => o.Status == OpportunityStatus.Lost && o.ClosedAt >= filter.FromUtc && o.ClosedAt < filter.ToUtc);

        // The stage a deal was lost from: the open stage it entered last.
        var deals = await lost.Select(o => new
        {
            o.Amount,
            o.LossReason,
            LastStage = db.Set<StageVisit>().Where(v => v.OpportunityId == o.Id && openStageIds.Contains(v.StageId))
                .OrderByDescending(v => v.EnteredAt).Select(v => (Guid?)v.StageId).FirstOrDefault(),
        }).ToListAsync(cancellationToken);
        var competitors = await db.Set<Competitor>().AsNoTracking()
            .Join(lost, c => c.OpportunityId, o => o.Id, (c, o) => new { c.Name, o.Amount })
            .GroupBy(c => c.Name).Select(g => new { g.Key, Count = g.Count(), High = g.Sum(c => c.Amount / WideSum.Unit), Low = g.Sum(c => c.Amount % WideSum.Unit) })
            .ToListAsync(cancellationToken);

        static List<LossGroup> Groups<T>(IEnumerable<T> items, Func<T, string> key, Func<T, long> amount) =>
            [.. items.GroupBy(key).Select(g => new LossGroup(g.Key, g.Count(), g.Sum(x => (decimal)amount(x)))).OrderByDescending(g => g.Count).ThenBy(g => g.Key, StringComparer.Ordinal)];

        return new LossReport(
            deals.Count,
            deals.Sum(d => (decimal)d.Amount),
            Groups(deals, d => d.LossReason ?? "", d => d.Amount),
            Groups(deals, d => d.LastStage is { } s && stages.TryGetValue(s, out var stage) ? stage.DisplayName : "", d => d.Amount),
            [.. competitors.Select(g => new LossGroup(g.Key, g.Count, WideSum.Of(g.High, g.Low))).OrderByDescending(g => g.Count).ThenBy(g => g.Key, StringComparer.Ordinal)]);
    }

    public async ValueTask<IReadOnlyList<RepSales>> Handle(GetRepSales request, CancellationToken cancellationToken)
    {
        var (from, to) = (request.Filter.FromUtc, request.Filter.ToUtc);
        var rows = await Deals(request.Filter).Where(o => o.OwnerId != null).GroupBy(o => o.OwnerId!.Value).Select(g => new
        {
            OwnerId = g.Key,
            Won = g.Count(o => o.Status == OpportunityStatus.Won && o.ClosedAt >= from && o.ClosedAt < to),
            WonHigh = g.Sum(o => (o.Status == OpportunityStatus.Won && o.ClosedAt >= from && o.ClosedAt < to ? o.Amount : 0) / WideSum.Unit),
            WonLow = g.Sum(o => (o.Status == OpportunityStatus.Won && o.ClosedAt >= from && o.ClosedAt < to ? o.Amount : 0) % WideSum.Unit),
            Lost = g.Count(o => o.Status == OpportunityStatus.Lost && o.ClosedAt >= from && o.ClosedAt < to),
            Created = g.Count(o => o.CreatedAt >= from && o.CreatedAt < to),
            Open = g.Count(o => o.Status == OpportunityStatus.Open),
            OpenHigh = g.Sum(o => (o.Status == OpportunityStatus.Open ? o.Amount : 0) / WideSum.Unit),
            OpenLow = g.Sum(o => (o.Status == OpportunityStatus.Open ? o.Amount : 0) % WideSum.Unit),
        }).ToListAsync(cancellationToken);

        // The targets of the Jalali months that start inside the period.
        var months = new List<(int Year, int Month)>();
        var (first, end) = (DateOnly.FromDateTime(format.ToLocal(from)), DateOnly.FromDateTime(format.ToLocal(to)));
        for (var day = first; day < end; day = day.AddDays(1))
        {
            var jalali = JalaliDate.ToJalali(day);
            if (jalali.Day == 1)
            {
                months.Add((jalali.Year, jalali.Month));
            }
        }

        var years = months.Select(m => m.Year).Distinct().ToList();
        var targets = (await db.Set<SalesTarget>().AsNoTracking().Where(t => t.UserId != null && years.Contains(t.Year)).ToListAsync(cancellationToken))
            .Where(t => months.Contains((t.Year, t.Month)))
            .GroupBy(t => t.UserId!.Value)
            .ToDictionary(g => g.Key, g => (Amount: g.Sum(t => (decimal)t.Amount), Deals: g.Sum(t => t.Deals)));
        var owners = rows.Select(r => r.OwnerId).Union(targets.Keys.Where(id => user.CanSee(id, null)));
        return [.. owners.Select(id =>
        {
            var row = rows.FirstOrDefault(r => r.OwnerId == id);
            var target = targets.GetValueOrDefault(id);
            return new RepSales(id, row?.Won ?? 0, row is null ? 0 : WideSum.Of(row.WonHigh, row.WonLow), row?.Lost ?? 0, row?.Created ?? 0, row?.Open ?? 0,
                row is null ? 0 : WideSum.Of(row.OpenHigh, row.OpenLow), target.Amount, target.Deals);
        })];
    }

    public async ValueTask<DealSources> Handle(GetDealSources request, CancellationToken cancellationToken)
    {
        var (from, to) = (request.Filter.FromUtc, request.Filter.ToUtc);
        var inPeriod = Deals(request.Filter).Where(o => (o.CreatedAt >= from && o.CreatedAt < to) || (o.Status == OpportunityStatus.Won && o.ClosedAt >= from && o.ClosedAt < to));
        // One grouping by source and campaign (few pairs), folded each way here.
        var groups = await inPeriod.GroupBy(o => new { o.Source, o.Campaign }).Select(g => new
        {
            g.Key.Source,
            g.Key.Campaign,
            Created = g.Count(o => o.CreatedAt >= from && o.CreatedAt < to),
            Won = g.Count(o => o.Status == OpportunityStatus.Won && o.ClosedAt >= from && o.ClosedAt < to),
            WonHigh = g.Sum(o => (o.Status == OpportunityStatus.Won && o.ClosedAt >= from && o.ClosedAt < to ? o.Amount : 0) / WideSum.Unit),
            WonLow = g.Sum(o => (o.Status == OpportunityStatus.Won && o.ClosedAt >= from && o.ClosedAt < to ? o.Amount : 0) % WideSum.Unit),
        }).ToListAsync(cancellationToken);
        return new DealSources(
            [.. groups.GroupBy(g => g.Source.ToString()).Select(g => new SourceDeals(g.Key, g.Sum(x => x.Created), g.Sum(x => x.Won), g.Sum(x => WideSum.Of(x.WonHigh, x.WonLow))))
                .OrderByDescending(s => s.WonAmount).ThenByDescending(s => s.Created)],
            [.. groups.GroupBy(g => g.Campaign ?? "").Select(g => new SourceDeals(g.Key, g.Sum(x => x.Created), g.Sum(x => x.Won), g.Sum(x => WideSum.Of(x.WonHigh, x.WonLow))))
                .OrderByDescending(s => s.WonAmount).ThenByDescending(s => s.Created)]);
    }

    public async ValueTask<IReadOnlyList<ProcessSummary>> Handle(ListSalesProcesses request, CancellationToken cancellationToken) =>
        [.. (await pipeline.ProcessesAsync(cancellationToken)).Select(p => new ProcessSummary(p.Id, p.DisplayName, p.IsDefault))];

    public async ValueTask<IReadOnlyList<CommissionRuleSummary>> Handle(ListCommissionRules request, CancellationToken cancellationToken) =>
        await db.Set<CommissionRule>().AsNoTracking().Where(r => r.IsActive).OrderBy(r => r.Name)
            .Select(r => new CommissionRuleSummary(r.Id, r.Name, r.Category, r.Percent, r.FlatAmount)).ToListAsync(cancellationToken);
}
