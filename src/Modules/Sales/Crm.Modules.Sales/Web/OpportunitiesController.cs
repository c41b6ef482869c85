using Crm.Modules.Campaigns.Contracts;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.Modules.Sales.Features;
using Crm.Modules.Tags.Contracts;
using Crm.SharedKernel.Imports;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Sales.Web;

[Area(SalesModule.ModuleName)]
[HasPermission(SalesPermissions.View)]
[AutoValidateAntiforgeryToken]
public sealed class OpportunitiesController(
    DbContext db,
    OpportunityService opportunities,
    Pipeline pipeline,
    ICurrentUser user,
    IClock clock,
    IMediator mediator,
    RecordDirectory records,
    ISpreadsheets spreadsheets,
    Amounts amounts,
    IDisplayFormatter format,
    IStringLocalizer<SalesResources> l) : Controller
{
    public const int PageSize = 50;

    [HttpGet]
    public async Task<IActionResult> Index([FromQuery] OpportunityFilter filter, CancellationToken cancellationToken)
    {
        var query = opportunities.Filter(opportunities.Opportunities(filter.Deleted).AsNoTracking(), filter);
        var byName = filter.Sort == "name";
        var page = await Keyset.PageAsync(query, byName ? o => o.Name : null, !byName, filter.Page, PageSize, Row, cancellationToken);
        var owners = await mediator.Send(new GetUserNames(page.Rows.Where(r => r.OwnerId is not null).Select(r => r.OwnerId!.Value).Distinct().ToList()), cancellationToken);
        return View(new OpportunityListModel(filter, page, owners, await pipeline.StagesAsync(cancellationToken), await opportunities.ChoicesAsync(cancellationToken)));
    }

    private static readonly System.Linq.Expressions.Expression<Func<Opportunity, OpportunityRow>> Row = o =>
        new OpportunityRow(o.Id, o.Name, o.CustomerName, o.Amount, o.Probability, o.StageId, o.Status, o.ExpectedClose, o.OwnerId, o.StageEnteredAt, o.Version);

    [HttpGet]
    [HasPermission(SalesPermissions.Export)]
    public async Task Export([FromQuery] OpportunityFilter filter, CancellationToken cancellationToken)
    {
        var query = opportunities.Filter(opportunities.Opportunities(filter.Deleted).AsNoTracking(), filter);
        query = filter.Sort == "name" ? query.OrderBy(o => o.Name).ThenBy(o => o.Id) : query.OrderByDescending(o => o.Id);
        var owners = (await mediator.Send(new ListUsers(ActiveOnly: false), cancellationToken)).ToDictionary(u => u.Id, u => u.DisplayName);
        var stages = await pipeline.StagesAsync(cancellationToken);
        var rows = query.Select(o => new { o.Name, o.CustomerName, o.Amount, o.Probability, o.StageId, o.Status, o.ExpectedClose, o.OwnerId, o.Source, o.Campaign, o.NextStep, o.NextStepDate, o.LossReason, o.CreatedAt, o.ClosedAt })
            .AsAsyncEnumerable();
        Response.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        Response.Headers.ContentDisposition = $"attachment; filename=\"opportunities-{DateTime.UtcNow:yyyyMMdd-HHmm}.xlsx\"";
        await spreadsheets.WriteXlsxAsync(Response.Body, l["Menu_Opportunities"],
            [l["Field_Name"], l["Field_Customer"], l["Field_AmountRial"], l["Field_Probability"], l["Field_WeightedRial"], l["Field_Stage"], l["Field_Status"], l["Field_ExpectedClose"],
                l["Field_Owner"], l["Field_Source"], l["Field_Campaign"], l["Field_NextStep"], l["Field_NextStepDate"], l["Field_LossReason"], l["Field_CreatedAt"], l["Field_ClosedAt"]],
            rows.ToSheetRows(r => [r.Name, r.CustomerName, r.Amount, r.Probability, r.Amount * r.Probability / 100,
                stages.TryGetValue(r.StageId, out var stage) ? stage.DisplayName : null, l["Status_" + r.Status].Value, format.Date(r.ExpectedClose),
                r.OwnerId is { } o && owners.TryGetValue(o, out var n) ? n : null, l["Source_" + r.Source].Value, r.Campaign, r.NextStep, format.Date(r.NextStepDate), r.LossReason,
                format.DateTime(r.CreatedAt), r.ClosedAt is null ? null : format.DateTime(r.ClosedAt)]),
            format.IsPersian, cancellationToken);
    }

    [HttpGet]
    [HasPermission(SalesPermissions.Edit)]
    public async Task<IActionResult> Create(string? customer, Guid? process, CancellationToken cancellationToken)
    {
        var model = new OpportunityEditModel { ProcessId = process, Probability = null };
        if (RecordRef.TryParse(customer, out var reference) && await records.FindVisibleAsync(reference, cancellationToken) is { } link)
        {
            model.Customer = reference.ToString();
            model.CustomerTitle = link.Title;
            model.Name = link.Title;
        }

        return await EditView(model, cancellationToken);
    }

    [HttpGet]
    [HasPermission(SalesPermissions.Edit)]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken)
    {
        var deal = await opportunities.FindAsync(id, false, cancellationToken);
        if (deal is null)
        {
            return NotFound();
        }

        var customer = deal.OrganizationId is { } org ? new RecordRef(RecordTypes.Organization, org) : new RecordRef(RecordTypes.Contact, deal.ContactId ?? Guid.Empty);
        var model = new OpportunityEditModel
        {
            Id = deal.Id,
            Version = deal.Version,
            Name = deal.Name,
            Customer = customer.ToString(),
            CustomerTitle = deal.CustomerName,
            Amount = amounts.Input(deal.Amount),
            ProcessId = deal.ProcessId,
            StageId = deal.StageId,
            Probability = deal.Probability,
            ExpectedClose = format.DateInput(deal.ExpectedClose),
            AssignTo = deal.OwnerId?.ToString(),
            Source = deal.Source,
            Campaign = deal.Campaign,
            CampaignId = deal.CampaignId,
            PriceBookId = deal.PriceBookId,
            NextStep = deal.NextStep,
            NextStepDate = format.DateInput(deal.NextStepDate),
            Notes = deal.Notes,
            Lines = [.. deal.Lines.Select(x => new LineInput { ProductId = x.ProductId, Quantity = x.Quantity.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture), UnitPrice = amounts.Input(x.UnitPrice) })],
            Competitors = [.. deal.Competitors.Select(c => new CompetitorInput { Name = c.Name, Offer = c.Offer, Price = c.Price is { } p ? amounts.Input(p) : null })],
        };
        return await EditView(model, cancellationToken);
    }

    [HttpPost]
    [HasPermission(SalesPermissions.Edit)]
    public async Task<IActionResult> Save(OpportunityEditModel model, CancellationToken cancellationToken)
    {
        return await this.SaveRecordAsync(() => opportunities.SaveAsync(model, cancellationToken), l["Saved"], () => EditView(model, cancellationToken));
    }

    private async Task<IActionResult> EditView(OpportunityEditModel model, CancellationToken cancellationToken)
    {
        ViewBag.Choices = await opportunities.ChoicesAsync(cancellationToken);
        ViewBag.Campaigns = await mediator.Send(new ListCampaignChoices(model.CampaignId), cancellationToken);
        ViewBag.Products = await db.Set<Product>().AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Code).ToListAsync(cancellationToken);
        var today = format.Today();
        ViewBag.PriceBooks = (await db.Set<PriceBook>().AsNoTracking().Include(b => b.Entries).ToListAsync(cancellationToken))
            .Where(b => b.IsValidOn(today) || b.Id == model.PriceBookId).ToList();
        while (model.Lines.Count < 3)
        {
            model.Lines.Add(new LineInput());
        }

        while (model.Competitors.Count < 2)
        {
            model.Competitors.Add(new CompetitorInput());
        }

        return View("Edit", model);
    }

    [HttpGet]
    public async Task<IActionResult> Details(Guid id, CancellationToken cancellationToken)
    {
        var deal = await opportunities.FindAsync(id, includeDeleted: true, cancellationToken);
        if (deal is null)
        {
            return NotFound();
        }

        var (visits, users) = await opportunities.HistoryAsync(id, cancellationToken);
        var process = await pipeline.ProcessAsync(deal.ProcessId, cancellationToken);
        var productIds = deal.Lines.Select(x => x.ProductId).ToList();
        return View(new OpportunityDetailsModel(
            deal,
            process!,
            await pipeline.StagesAsync(cancellationToken),
            visits,
            users,
            deal.OwnerId is { } owner ? (await mediator.Send(new GetUserSummary(owner), cancellationToken))?.DisplayName : null,
            await db.Set<Product>().AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken),
            await mediator.Send(new ListGroupTags(TagGroupKeys.LossReasons), cancellationToken),
            deal.OrganizationId is { } org ? await records.FindVisibleAsync(new RecordRef(RecordTypes.Organization, org), cancellationToken)
                : deal.ContactId is { } contact ? await records.FindVisibleAsync(new RecordRef(RecordTypes.Contact, contact), cancellationToken) : null,
            deal.LeadId is { } lead ? await records.FindVisibleAsync(new RecordRef(RecordTypes.Lead, lead), cancellationToken) : null));
    }

    /// <summary>A move from the deal's own page (the board moves through <see cref="BoardController.Move"/>).</summary>
    [HttpPost]
    [HasPermission(SalesPermissions.Edit)]
    public async Task<IActionResult> Move(MoveOpportunity command, CancellationToken cancellationToken)
    {
        var outcome = await SendMoveAsync(mediator, command, cancellationToken);
        switch (outcome.Status)
        {
            case MoveStatus.NotFound:
                return NotFound();
            case MoveStatus.Moved:
                TempData["Message"] = outcome.Message;
                break;
            case MoveStatus.ChecklistWarning:
                TempData["Error"] = outcome.Message + " " + string.Join("، ", outcome.MissingItems ?? []);
                TempData["ConfirmStage"] = command.StageId.ToString();
                break;
            case MoveStatus.Unchanged:
                break;
            default:
                TempData["Error"] = outcome.Message;
                break;
        }

        return RedirectToAction(nameof(Details), new { id = command.Id });
    }

    /// <summary>Sends a move; a concurrent move that won the race makes this one a conflict.</summary>
    internal static async Task<MoveOutcome> SendMoveAsync(IMediator mediator, MoveOpportunity command, CancellationToken cancellationToken)
    {
        try
        {
            return await mediator.Send(command, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new MoveOutcome(MoveStatus.Conflict, null, null);
        }
    }

    /// <summary>Ticks or unticks a checklist item of the deal's process.</summary>
    [HttpPost]
    [HasPermission(SalesPermissions.Edit)]
    public async Task<IActionResult> Tick(Guid id, Guid item, bool done, CancellationToken cancellationToken)
    {
        var deal = await opportunities.FindAsync(id, false, cancellationToken);
        var process = deal is null ? null : await pipeline.ProcessAsync(deal.ProcessId, cancellationToken);
        if (deal is null || process is null || !process.Stages.SelectMany(s => s.Checklist).Any(c => c.Id == item))
        {
            return NotFound();
        }

        var tick = deal.Ticks.FirstOrDefault(t => t.ChecklistItemId == item);
        if (done && tick is null)
        {
            deal.Ticks.Add(new ChecklistTick { ChecklistItemId = item, DoneAt = clock.UtcNow, DoneBy = user.UserId });
        }
        else if (!done && tick is not null)
        {
            deal.Ticks.Remove(tick);
        }

        await db.SaveChangesAsync(cancellationToken);
        return RedirectToAction(nameof(Details), new { id });
    }

    [HttpPost]
    [HasPermission(SalesPermissions.Delete)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken) =>
        await this.SoftDeleteAsync(db, await opportunities.FindAsync(id, false, cancellationToken), id, l["Deleted"], cancellationToken);

    [HttpPost]
    [HasPermission(SalesPermissions.Delete)]
    public async Task<IActionResult> Restore(Guid id, CancellationToken cancellationToken) =>
        await this.RestoreAsync(db, await opportunities.FindAsync(id, true, cancellationToken), false, id, l["Restored"], cancellationToken);

    /// <summary>Contacts and organizations the user may see, for the customer picker.</summary>
    [HttpGet]
    public async Task<IActionResult> Customers(string? q, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Trim().Length < 2)
        {
            return Json(Array.Empty<object>());
        }

        var found = await records.SearchAsync(q.Trim(), 8, [RecordTypes.Organization, RecordTypes.Contact], cancellationToken);
        return Json(found.Select(r => new { value = r.Record.ToString(), title = r.Title, type = r.TypeName }));
    }
}

public sealed record OpportunityDetailsModel(
    Opportunity Deal,
    SalesProcess Process,
    IReadOnlyDictionary<Guid, Stage> Stages,
    IReadOnlyList<StageVisit> History,
    IReadOnlyDictionary<Guid, string> Users,
    string? OwnerName,
    IReadOnlyDictionary<Guid, Product> Products,
    IReadOnlyList<TagChip> LossReasons,
    RecordLink? Customer,
    RecordLink? Lead);
