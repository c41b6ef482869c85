using System.Text;
using Crm.Modules.Campaigns.Contracts;
using Crm.Modules.Campaigns.Domain;
using Crm.Modules.Campaigns.Features;
using Crm.Modules.Contacts.Contracts;
using Crm.SharedKernel.Imports;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Campaigns.Web;

public sealed record TargetListsModel(IReadOnlyList<TargetList> Lists, bool CanEdit);

public sealed record ListMemberRow(Guid ContactId, string Name, string? Mobile, DateTime AddedAt);

public sealed record TargetListModel(TargetList List, IReadOnlyList<ListMemberRow> Members, int Page, int Pages, bool CanEdit);

/// <summary>Static target lists: the list of them, a list's members, and the ways contacts get on and off it.</summary>
[Area(CampaignsModule.ModuleName)]
[HasPermission(CampaignsPermissions.View)]
[AutoValidateAntiforgeryToken]
public sealed class ListsController(DbContext db, ICurrentUser user, IMediator mediator, IDisplayFormatter format, ISpreadsheets spreadsheets, IStringLocalizer<CampaignsResources> l) : Controller
{
    private const int ListSize = 200;
    private const int PageSize = 50;

    [HttpGet]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new TargetListsModel(await db.Set<TargetList>().AsNoTracking().OrderByDescending(t => t.Id).Take(ListSize).ToListAsync(cancellationToken),
            user.HasPermission(CampaignsPermissions.Edit)));

    [HttpPost]
    [HasPermission(CampaignsPermissions.Edit)]
    public async Task<IActionResult> Create(string? name, string? description, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new SaveTargetList(null, Guid.Empty, Bounded(name, TargetList.NameMaxLength), Bounded(description, TargetList.DescriptionMaxLength)), cancellationToken);
        if (!result.Saved)
        {
            TempData["Error"] = string.Join(" ", result.Errors.Values);
            return RedirectToAction("Index");
        }

        TempData["Message"] = l["Saved"].Value;
        return Redirect(TargetListLinks.Details(result.Id));
    }

    [HttpGet]
    public async Task<IActionResult> Details(Guid id, int page = 1, CancellationToken cancellationToken = default)
    {
        var list = await db.Set<TargetList>().IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (list is null)
        {
            return NotFound();
        }

        var pages = Math.Max(1, (list.Members + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var members = await db.Set<TargetListMember>().AsNoTracking().Where(m => m.ListId == id).OrderByDescending(m => m.AddedAt).ThenBy(m => m.ContactId)
            .Skip((page - 1) * PageSize).Take(PageSize).Select(m => new { m.ContactId, m.AddedAt }).ToListAsync(cancellationToken);
        var ids = members.Select(m => m.ContactId).ToList();
        var found = ids.Count == 0 ? [] : await mediator.Send(new ListAudience(new AudienceCriteria(null, null, null, null), AudienceAddress.Mobile, null, ids.Count, ids), cancellationToken);
        var contacts = found.ToDictionary(c => c.ContactId);
        // A member whose contact was deleted since keeps its row (a restored contact is on the list again) but is not shown.
        var rows = members.Where(m => contacts.ContainsKey(m.ContactId))
            .Select(m => new ListMemberRow(m.ContactId, contacts[m.ContactId].Name, contacts[m.ContactId].Address, m.AddedAt)).ToList();
        return View(new TargetListModel(list, rows, page, pages, !list.IsDeleted && user.HasPermission(CampaignsPermissions.Edit)));
    }

    [HttpPost]
    [HasPermission(CampaignsPermissions.Edit)]
    public async Task<IActionResult> Edit(Guid id, Guid version, string? name, string? description, CancellationToken cancellationToken)
    {
        try
        {
            var result = await mediator.Send(new SaveTargetList(id, version, Bounded(name, TargetList.NameMaxLength), Bounded(description, TargetList.DescriptionMaxLength)), cancellationToken);
            TempData[result.Saved ? "Message" : "Error"] = result.Saved ? l["Saved"].Value : string.Join(" ", result.Errors.Values);
            return Redirect(TargetListLinks.Details(id));
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }
    }

    /// <summary>The contact list's checked rows put on a list; back to the contact list as it was filtered.</summary>
    [HttpPost]
    [HasPermission(CampaignsPermissions.Edit)]
    public async Task<IActionResult> AddContacts(Guid listId, [FromForm(Name = "ids")] List<Guid>? ids, string? returnQuery, CancellationToken cancellationToken)
    {
        var back = "/Contacts/Contacts" + (returnQuery is { Length: > 1 and <= 2000 } query && query[0] == '?' && Url.IsLocalUrl("/Contacts/Contacts" + query) ? query : "");
        if (ids is not { Count: > 0 })
        {
            TempData["Error"] = l["Error_NoneChecked"].Value;
            return LocalRedirect(back);
        }

        return await ChangeAsync(new AddToTargetList(listId, ids), back, cancellationToken);
    }

    /// <summary>Mobiles and emails pasted into the box or uploaded as a .csv or .txt file, one per line.</summary>
    [HttpPost]
    [HasPermission(CampaignsPermissions.Edit)]
    [RequestSizeLimit(ImportToTargetList.MaxBytes + 64 * 1024)]
    public async Task<IActionResult> Import(Guid id, string? text, IFormFile? file, CancellationToken cancellationToken)
    {
        string content;
        if (file is { Length: > 0 })
        {
            if (file.Length > ImportToTargetList.MaxBytes)
            {
                TempData["Error"] = l["Error_FileTooLarge", format.Number(ImportToTargetList.MaxBytes / 1024)].Value;
                return Redirect(TargetListLinks.Details(id));
            }

            if (file.FileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
            {
                if (await SheetLinesAsync(file, cancellationToken) is not { } rows)
                {
                    TempData["Error"] = l["Error_FileUnreadable"].Value;
                    return Redirect(TargetListLinks.Details(id));
                }

                return await ChangeAsync(new ImportToTargetList(id, rows), TargetListLinks.Details(id), cancellationToken);
            }

            using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            content = await reader.ReadToEndAsync(cancellationToken);
        }
        else
        {
            content = text ?? "";
        }

        if (content.Length > ImportToTargetList.MaxBytes)
        {
            TempData["Error"] = l["Error_FileTooLarge", format.Number(ImportToTargetList.MaxBytes / 1024)].Value;
            return Redirect(TargetListLinks.Details(id));
        }

        return await ChangeAsync(new ImportToTargetList(id, content.Split('\n')), TargetListLinks.Details(id), cancellationToken);
    }

    /// <summary>
    /// An .xlsx's first sheet as lines of tab-separated cells, its header row first (a sheet may have none), one more than
    /// a list takes so too many is refused; null when the file is not a readable .xlsx.
    /// </summary>
    private async Task<IReadOnlyList<string>?> SheetLinesAsync(IFormFile file, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Path.GetTempPath(), "crm-list-" + Guid.NewGuid().ToString("N") + ".xlsx");
        try
        {
            await using (var stream = System.IO.File.Create(temp))
            {
                await file.CopyToAsync(stream, cancellationToken);
            }

            using var sheet = spreadsheets.Open(temp);
            return [string.Join('\t', sheet.Headers), .. sheet.Rows().Take(ImportToTargetList.MaxLines).Select(row => string.Join('\t', row.Cells))];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A file that is no spreadsheet fails in many ways (not a zip, no workbook, broken XML, too large expanded): all unreadable.
            return null;
        }
        finally
        {
            System.IO.File.Delete(temp);
        }
    }

    [HttpPost]
    [HasPermission(CampaignsPermissions.Edit)]
    public async Task<IActionResult> Remove(Guid id, Guid contactId, CancellationToken cancellationToken)
    {
        var result = await ChangeAsync(new RemoveFromTargetList(id, contactId), TargetListLinks.Details(id), cancellationToken);
        if (result is RedirectResult)
        {
            TempData["Message"] = l["Done_MemberRemoved"].Value;
            TempData["RestoreUrl"] = Url.Action("PutBack", new { id, contactId });
        }

        return result;
    }

    /// <summary>Undoes a removal: the contact goes back on the list.</summary>
    [HttpPost]
    [HasPermission(CampaignsPermissions.Edit)]
    public Task<IActionResult> PutBack(Guid id, Guid contactId, CancellationToken cancellationToken) =>
        ChangeAsync(new AddToTargetList(id, [contactId]), TargetListLinks.Details(id), cancellationToken);

    [HttpPost]
    [HasPermission(CampaignsPermissions.Edit)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken) =>
        await this.SoftDeleteAsync(db, await db.Set<TargetList>().FirstOrDefaultAsync(t => t.Id == id, cancellationToken), id, l["Deleted"], cancellationToken);

    [HttpPost]
    [HasPermission(CampaignsPermissions.Edit)]
    public async Task<IActionResult> Restore(Guid id, CancellationToken cancellationToken) =>
        await this.RestoreAsync(db, await db.Set<TargetList>().IgnoreQueryFilters().FirstOrDefaultAsync(t => t.Id == id, cancellationToken), false, id, l["Restored"], cancellationToken);

    /// <summary>Runs a change to a list and says what it did, in counts only: nothing typed is echoed.</summary>
    private async Task<IActionResult> ChangeAsync(ICommand<ListChange> command, string back, CancellationToken cancellationToken)
    {
        ListChange change;
        try
        {
            change = await mediator.Send(command, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }

        TempData[change.Error is null ? "Message" : "Error"] = change.Error
            ?? l["Done_ListChanged", format.Number(change.Added), format.Number(change.Already), format.Number(change.Unknown), format.Number(change.Invalid)].Value;
        return Redirect(back);
    }

    private static string? Bounded(string? text, int max) => text is { Length: var n } && n > max * 2 ? text[..(max * 2)] : text;
}
