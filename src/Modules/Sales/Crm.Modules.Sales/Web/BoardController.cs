using Crm.Modules.Identity.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.Modules.Sales.Features;
using Crm.Modules.Tags.Contracts;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Reports;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Sales.Web;

/// <summary>
/// The kanban board of one sales process: a column per stage with its count, total and weighted total; cards load per
/// column as it is scrolled, so the board opens at once with thousands of open deals; a card is moved by drag and drop
/// (or its menu, on a phone or from the keyboard).
/// </summary>
[Area(SalesModule.ModuleName)]
[HasPermission(SalesPermissions.View)]
[AutoValidateAntiforgeryToken]
public sealed class BoardController(
    OpportunityService opportunities,
    Pipeline pipeline,
    IMediator mediator,
    IClock clock,
    Amounts amounts,
    IDisplayFormatter format,
    IStringLocalizer<SalesResources> l) : Controller
{
    public const int CardsPerLoad = 25;

    /// <summary>Won and Lost columns show the deals closed this recently, so the board stays about the work at hand.</summary>
    public static readonly TimeSpan ClosedShownFor = TimeSpan.FromDays(30);

    [HttpGet]
    public async Task<IActionResult> Index([FromQuery] OpportunityFilter filter, CancellationToken cancellationToken)
    {
        var process = await pipeline.ProcessAsync(filter.Process, cancellationToken);
        if (process is null)
        {
            return NotFound();
        }

        filter.Process = process.Id;
        return View(new BoardModel(filter, process, await TotalsAsync(filter, cancellationToken),
            await mediator.Send(new ListGroupTags(TagGroupKeys.LossReasons), cancellationToken), await opportunities.ChoicesAsync(cancellationToken)));
    }

    /// <summary>The column headers' figures, refreshed after each move.</summary>
    [HttpGet]
    public async Task<IActionResult> Totals([FromQuery] OpportunityFilter filter, CancellationToken cancellationToken)
    {
        var totals = await TotalsAsync(filter, cancellationToken);
        return Json(totals.Values.Select(t => new { stage = t.StageId, count = format.Number(t.Count), total = amounts.Show(t.Total), weighted = amounts.Show(t.Weighted) }));
    }

    /// <summary>One load of a column's cards, newest in the stage first.</summary>
    [HttpGet]
    public async Task<IActionResult> Cards([FromQuery] OpportunityFilter filter, int skip, CancellationToken cancellationToken)
    {
        if (filter.Stage is null)
        {
            return BadRequest();
        }

        var cards = await OnBoard(filter).OrderByDescending(o => o.StageEnteredAt).ThenByDescending(o => o.Id).Skip(Math.Max(0, skip)).Take(CardsPerLoad + 1)
            .Select(o => new OpportunityRow(o.Id, o.Name, o.CustomerName, o.Amount, o.Probability, o.StageId, o.Status, o.ExpectedClose, o.OwnerId, o.StageEnteredAt, o.Version))
            .ToListAsync(cancellationToken);
        var more = cards.Count > CardsPerLoad;
        cards = cards.Take(CardsPerLoad).ToList();
        var owners = await mediator.Send(new GetUserNames(cards.Where(c => c.OwnerId is not null).Select(c => c.OwnerId!.Value).Distinct().ToList()), cancellationToken);
        ViewBag.Process = await pipeline.ProcessAsync(filter.Process, cancellationToken);
        return PartialView("_Cards", new CardsModel(cards, owners, more, skip + cards.Count));
    }

    /// <summary>Moves a card; answers what happened so the board can ask for a loss reason, a confirmation, or refresh.</summary>
    [HttpPost]
    [HasPermission(SalesPermissions.Edit)]
    public async Task<IActionResult> Move(MoveOpportunity command, CancellationToken cancellationToken)
    {
        var outcome = await OpportunitiesController.SendMoveAsync(mediator, command, cancellationToken);
        var body = new
        {
            status = outcome.Status.ToString(),
            version = outcome.Version,
            message = outcome.Status == MoveStatus.Conflict ? l["Error_MovedMeanwhile"].Value : outcome.Message,
            missing = outcome.MissingItems ?? [],
        };
        return outcome.Status switch
        {
            MoveStatus.Moved or MoveStatus.Unchanged => Json(body),
            MoveStatus.NotFound => NotFound(),
            MoveStatus.Conflict => Conflict(body),
            _ => UnprocessableEntity(body),
        };
    }

    private IQueryable<Opportunity> OnBoard(OpportunityFilter filter)
    {
        var since = clock.UtcNow - ClosedShownFor;
        return opportunities.Filter(opportunities.Opportunities(false).AsNoTracking(), filter)
            .Where(o => o.Status == OpportunityStatus.Open || o.ClosedAt >= since);
    }

    private static readonly OpportunityStatus[] Closed = [OpportunityStatus.Won, OpportunityStatus.Lost];

    private sealed record StageSum(Guid StageId, int Probability, int Count, long High, long Low)
    {
        public decimal Total => WideSum.Of(High, Low);
    }

    private static IQueryable<StageSum> Sums(IQueryable<Opportunity> deals) =>
        deals.GroupBy(o => new { o.StageId, o.Probability }).Select(g => new StageSum(g.Key.StageId, g.Key.Probability, g.Count(),
            g.Sum(o => o.Amount / WideSum.Unit), g.Sum(o => o.Amount % WideSum.Unit)));

    private async Task<IReadOnlyDictionary<Guid, ColumnTotals>> TotalsAsync(OpportunityFilter filter, CancellationToken cancellationToken)
    {
        var all = new OpportunityFilter
        {
            Process = filter.Process, Owner = filter.Owner, Team = filter.Team, Tag = filter.Tag, CloseFrom = filter.CloseFrom, CloseTo = filter.CloseTo, Q = filter.Q,
        };
        // Open deals, then deals closed recently: two searches of the board's covering index. Asked as one query with OR,
        // SQLite's planner scans the whole table instead. Grouped by probability too, so the weighted total is exact.
        var since = clock.UtcNow - ClosedShownFor;
        var deals = opportunities.Filter(opportunities.Opportunities(false).AsNoTracking(), all);
        var rows = await Sums(deals.Where(o => o.Status == OpportunityStatus.Open)).ToListAsync(cancellationToken);
        rows.AddRange(await Sums(deals.Where(o => Closed.Contains(o.Status) && o.ClosedAt >= since)).ToListAsync(cancellationToken));
        return rows.GroupBy(r => r.StageId).ToDictionary(g => g.Key, g => new ColumnTotals(g.Key, g.Sum(r => r.Count), g.Sum(r => r.Total),
            decimal.Truncate(g.Sum(r => r.Total * r.Probability / 100m))));
    }
}
