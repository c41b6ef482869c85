using Crm.Modules.Campaigns.Contracts;
using System.Linq.Expressions;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Leads.Domain;
using Crm.Modules.Leads.Features;
using Crm.SharedKernel.Imports;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Leads.Web;

[Area(LeadsModule.ModuleName)]
[HasPermission(LeadsPermissions.View)]
[AutoValidateAntiforgeryToken]
public sealed class LeadsController(
    DbContext db,
    LeadsService leads,
    ICurrentUser user,
    IMediator mediator,
    ISpreadsheets spreadsheets,
    IDisplayFormatter format,
    RecordDirectory records,
    IStringLocalizer<LeadsResources> l) : Controller
{
    public const int PageSize = 50;

    // Kept in fields so the list's keyset projection is built once, not on every request.
    private static readonly Expression<Func<Lead, string>> LeadNameKey = x => x.NameKey;

    private static readonly Expression<Func<Lead, LeadRow>> LeadRowProjection =
        x => new LeadRow(x.Id, x.FullName, x.Mobile, x.Company, x.Status, x.Source, x.Rating, x.Priority, x.NextFollowUp, x.OwnerId, x.CreatedAt);

    [HttpGet]
    public async Task<IActionResult> Index([FromQuery] LeadListFilter filter, CancellationToken cancellationToken)
    {
        var query = LeadSearch.Apply(db, leads.Leads(filter.Deleted).AsNoTracking(), filter, user, format.Today());
        var byName = filter.Sort == "name";
        var page = await Keyset.PageAsync(query, byName ? LeadNameKey : null, !byName, filter.Page, PageSize, LeadRowProjection, cancellationToken);
        var owners = await mediator.Send(new GetUserNames(page.Rows.Where(r => r.OwnerId is not null).Select(r => r.OwnerId!.Value).ToList()), cancellationToken);
        var assignable = await mediator.Send(new ListAssignableOwners(), cancellationToken);
        return View(new LeadListModel(filter, page, owners, assignable));
    }

    [HttpGet]
    [HasPermission(LeadsPermissions.Export)]
    public async Task Export([FromQuery] LeadListFilter filter, CancellationToken cancellationToken)
    {
        var query = LeadSearch.Apply(db, leads.Leads(filter.Deleted).AsNoTracking(), filter, user, format.Today());
        query = filter.Sort == "name" ? query.OrderBy(x => x.NameKey).ThenBy(x => x.Id) : query.OrderByDescending(x => x.Id);
        var owners = (await mediator.Send(new ListUsers(ActiveOnly: false), cancellationToken)).ToDictionary(u => u.Id, u => u.DisplayName);
        var rows = query.Select(x => new { x.FirstName, x.LastName, x.Mobile, x.Email, x.Company, x.JobTitle, x.City, x.Source, x.Status, x.UnqualifiedReason, x.Rating, x.Priority, x.NextFollowUp, x.OwnerId, x.Notes, x.CreatedAt })
            .AsAsyncEnumerable();
        Response.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        Response.Headers.ContentDisposition = $"attachment; filename=\"leads-{DateTime.UtcNow:yyyyMMdd-HHmm}.xlsx\"";
        await spreadsheets.WriteXlsxAsync(Response.Body, l["Menu_Leads"],
            [l["Field_FirstName"], l["Field_LastName"], l["Field_Mobile"], l["Field_Email"], l["Field_Company"], l["Field_JobTitle"], l["Field_City"], l["Field_Source"],
                l["Field_Status"], l["Field_UnqualifiedReason"], l["Field_Rating"], l["Field_Priority"], l["Field_NextFollowUp"], l["Field_Owner"], l["Field_Notes"], l["Field_CreatedAt"]],
            rows.ToSheetRows(r => [r.FirstName, r.LastName, r.Mobile, r.Email, r.Company, r.JobTitle, r.City, l["Source_" + r.Source].Value, l["Status_" + r.Status].Value,
                r.UnqualifiedReason, r.Rating, l["Priority_" + r.Priority].Value, format.Date(r.NextFollowUp), r.OwnerId is { } o && owners.TryGetValue(o, out var n) ? n : null,
                r.Notes, format.DateTime(r.CreatedAt)]),
            format.IsPersian, cancellationToken);
    }

    /// <summary>The two-field form for a phone at the counter: name and mobile.</summary>
    [HttpGet]
    [HasPermission(LeadsPermissions.Edit)]
    public IActionResult Quick() => View(new LeadEditModel { Quick = true });

    [HttpGet]
    [HasPermission(LeadsPermissions.Edit)]
    public Task<IActionResult> Create(CancellationToken cancellationToken) => EditView(new LeadEditModel(), cancellationToken);

    [HttpGet]
    public async Task<IActionResult> Details(Guid id, CancellationToken cancellationToken)
    {
        var lead = await leads.FindAsync(id, includeDeleted: true, cancellationToken);
        if (lead is null || lead.MergedIntoId is { })
        {
            return lead?.MergedIntoId is { } survivor ? RedirectToAction(nameof(Details), new { id = survivor }) : NotFound();
        }

        // A converted lead is kept as it was; its person now lives on as the contact it became (its history moved there).
        ViewBag.Duplicates = lead.IsDeleted || lead.Status == LeadStatus.Converted ? [] : await leads.FindDuplicatesAsync(lead.NameKey, lead.MobileKey, lead.EmailKey, lead.Id, cancellationToken);
        if (lead.Status == LeadStatus.Converted)
        {
            var became = new[] { (RecordTypes.Contact, lead.ConvertedContactId), (RecordTypes.Organization, lead.ConvertedOrganizationId), (RecordTypes.Opportunity, lead.ConvertedOpportunityId) }
                .Where(x => x.Item2 is not null).Select(x => new RecordRef(x.Item1, x.Item2!.Value)).ToList();
            var links = await records.FindVisibleAsync(became, cancellationToken);
            ViewBag.ConvertedInto = became.Where(links.ContainsKey).Select(r => links[r]).ToList();
        }

        ViewBag.OwnerName = lead.OwnerId is { } ownerId ? (await mediator.Send(new GetUserSummary(ownerId), cancellationToken))?.DisplayName : null;
        return View(lead);
    }

    [HttpGet]
    [HasPermission(LeadsPermissions.Edit)]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken)
    {
        var lead = await leads.FindAsync(id, includeDeleted: false, cancellationToken);
        if (lead is null)
        {
            return NotFound();
        }

        var model = new LeadEditModel
        {
            Id = lead.Id,
            Version = lead.Version,
            FirstName = lead.FirstName,
            LastName = lead.LastName,
            Mobile = lead.Mobile,
            Email = lead.Email,
            Company = lead.Company,
            JobTitle = lead.JobTitle,
            City = lead.City,
            Source = lead.Source,
            CampaignId = lead.CampaignId,
            Status = lead.Status,
            UnqualifiedReason = lead.UnqualifiedReason,
            Rating = lead.Rating,
            Priority = lead.Priority,
            NextFollowUp = format.DateInput(lead.NextFollowUp),
            Notes = lead.Notes,
            AssignTo = lead.OwnerId?.ToString(),
        };
        return await EditView(model, cancellationToken);
    }

    [HttpPost]
    [HasPermission(LeadsPermissions.Edit)]
    public async Task<IActionResult> Save(LeadEditModel model, CancellationToken cancellationToken)
    {
        return await this.SaveRecordAsync(() => leads.SaveAsync(model, cancellationToken), l["Saved"], async () => model.Quick ? View(nameof(Quick), model) : await EditView(model, cancellationToken));
    }

    [HttpPost]
    [HasPermission(LeadsPermissions.Delete)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        var lead = await leads.FindAsync(id, includeDeleted: false, cancellationToken);
        return await this.SoftDeleteAsync(db, lead, id, l["Deleted"], cancellationToken);
    }

    [HttpPost]
    [HasPermission(LeadsPermissions.Delete)]
    public async Task<IActionResult> Restore(Guid id, CancellationToken cancellationToken)
    {
        var lead = await leads.FindAsync(id, includeDeleted: true, cancellationToken);
        return await this.RestoreAsync(db, lead, lead?.MergedIntoId is not null, id, l["Restored"], cancellationToken);
    }

    [HttpGet]
    [HasPermission(LeadsPermissions.Merge)]
    public async Task<IActionResult> Merge(Guid id, Guid other, CancellationToken cancellationToken)
    {
        var survivor = await leads.FindAsync(id, false, cancellationToken);
        var merged = await leads.FindAsync(other, false, cancellationToken);
        if (survivor is null || merged is null || survivor.Id == merged.Id)
        {
            return NotFound();
        }

        return View((survivor, merged));
    }

    [HttpPost]
    [HasPermission(LeadsPermissions.Merge)]
    [ActionName("Merge")]
    public async Task<IActionResult> MergeConfirmed(Guid id, Guid other, string[]? take, CancellationToken cancellationToken)
    {
        if (!await leads.MergeAsync(id, other, (take ?? []).ToHashSet(), cancellationToken))
        {
            return NotFound();
        }

        TempData["Message"] = l["Merged"].Value;
        return RedirectToAction(nameof(Details), new { id });
    }

    /// <summary>Assign, change status or delete the selected leads (only those the user may see are touched).</summary>
    [HttpPost]
    public async Task<IActionResult> Bulk(Guid[] ids, string operation, string? assignTo, LeadStatus? status, CancellationToken cancellationToken)
    {
        var selected = await leads.Leads(false).Where(x => ids.Contains(x.Id) && x.Status != LeadStatus.Converted).ToListAsync(cancellationToken);
        if (operation == "delete" && user.HasPermission(LeadsPermissions.Delete))
        {
            db.RemoveRange(selected);
        }
        else if (operation == "assign" && user.HasPermission(LeadsPermissions.Edit))
        {
            var before = selected.ToDictionary(x => x.Id, x => x.OwnerId);
            foreach (var lead in selected)
            {
                if (await leads.ResolveAssigneeAsync(assignTo, cancellationToken) is not { } owner)
                {
                    return Forbid();
                }

                (lead.OwnerId, lead.TeamId) = owner;
            }

            await db.SaveChangesAsync(cancellationToken);
            foreach (var handed in selected.Where(x => x.OwnerId is not null && x.OwnerId != before[x.Id]).GroupBy(x => x.OwnerId!.Value))
            {
                await leads.NotifyAssignedAsync(handed.Key, [.. handed], cancellationToken);
            }
        }
        else if (operation == "status" && status is { } newStatus and not LeadStatus.Converted and not LeadStatus.Unqualified && user.HasPermission(LeadsPermissions.Edit))
        {
            foreach (var lead in selected)
            {
                lead.Status = newStatus;
            }
        }
        else
        {
            return Forbid();
        }

        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = l["BulkDone", format.Number(selected.Count)].Value;
        var returnQuery = Request.Form["returnQuery"].ToString();
        return Redirect(Url.Action(nameof(Index)) + (returnQuery.StartsWith('?') ? returnQuery : ""));
    }

    private async Task<IActionResult> EditView(LeadEditModel model, CancellationToken cancellationToken)
    {
        ViewBag.Owners = await mediator.Send(new ListAssignableOwners(), cancellationToken);
        ViewBag.RoundRobinTeams = await leads.RoundRobinTeamsAsync(cancellationToken);
        ViewBag.Campaigns = await mediator.Send(new ListCampaignChoices(model.CampaignId), cancellationToken);
        return View("Edit", model);
    }
}
