using Crm.Modules.Tags.Contracts;
using Crm.Modules.Tags.Domain;
using Crm.Modules.Tags.Features;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Tags.Web;

/// <summary>Administrators keep the tags few and well named: approve new ones, rename, recolour, group, merge, delete.</summary>
[Area(TagsModule.ModuleName)]
[HasPermission(TagsPermissions.Manage)]
[AutoValidateAntiforgeryToken]
public sealed class TagReviewController(DbContext db, TagCatalog catalog, TagReview review, IStringLocalizer<TagsResources> l) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(bool pending, bool deleted, CancellationToken cancellationToken)
    {
        var tags = db.Set<Tag>().AsNoTracking().Where(t => t.Kind != TagKind.Personal);
        if (deleted)
        {
            tags = tags.IgnoreQueryFilters().Where(t => t.IsDeleted && t.MergedIntoId == null && t.Kind != TagKind.Personal);
        }
        else if (pending)
        {
            tags = tags.Where(t => !t.Approved);
        }

        var list = await tags.OrderBy(t => t.Kind).ThenBy(t => t.Name).ToListAsync(cancellationToken);
        var ids = list.Select(t => t.Id).ToList();
        var usage = await db.Set<TagLink>().AsNoTracking().Where(x => ids.Contains(x.TagId)).GroupBy(x => x.TagId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var groups = await db.Set<TagGroup>().AsNoTracking().OrderBy(g => g.Name).ToListAsync(cancellationToken);
        ViewBag.Pending = pending;
        ViewBag.Deleted = deleted;
        ViewBag.Groups = groups;
        return View(list.Select(t => new TagRow(t, catalog.NameOf(t), usage.GetValueOrDefault(t.Id))).ToList());
    }

    [HttpGet]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken)
    {
        var tag = await db.Set<Tag>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.Kind == TagKind.Public, cancellationToken);
        if (tag is null)
        {
            return NotFound();
        }

        ViewBag.Groups = await db.Set<TagGroup>().AsNoTracking().OrderBy(g => g.Name).ToListAsync(cancellationToken);
        ViewBag.Others = await db.Set<Tag>().AsNoTracking().Where(t => t.Kind == TagKind.Public && t.Id != id).OrderBy(t => t.Name).ToListAsync(cancellationToken);
        return View(tag);
    }

    [HttpPost]
    public async Task<IActionResult> Save(Guid id, Guid version, string? name, string? color, Guid? groupId, CancellationToken cancellationToken)
    {
        var error = await review.SaveAsync(id, version, name ?? "", color ?? "", groupId, cancellationToken);
        return Done(error, l["Saved"], nameof(Edit), id);
    }

    [HttpPost]
    public async Task<IActionResult> Approve(Guid id, CancellationToken cancellationToken)
    {
        await db.Set<Tag>().Where(t => t.Id == id && t.Kind == TagKind.Public).ExecuteUpdateAsync(u => u.SetProperty(t => t.Approved, true), cancellationToken);
        TempData["Message"] = l["Approved"].Value;
        return RedirectToAction(nameof(Index), new { pending = true });
    }

    [HttpPost]
    public async Task<IActionResult> Merge(Guid id, Guid targetId, CancellationToken cancellationToken)
    {
        var error = await review.MergeAsync(id, targetId, cancellationToken);
        return Done(error, l["Merged"], nameof(Edit), id);
    }

    [HttpPost]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        var tag = await db.Set<Tag>().FirstOrDefaultAsync(t => t.Id == id && t.Kind == TagKind.Public, cancellationToken);
        return await this.SoftDeleteAsync(db, tag, id, l["Deleted"], cancellationToken);
    }

    [HttpPost]
    public async Task<IActionResult> Restore(Guid id, CancellationToken cancellationToken)
    {
        var tag = await db.Set<Tag>().IgnoreQueryFilters().FirstOrDefaultAsync(t => t.Id == id && t.Kind == TagKind.Public, cancellationToken);
        return await this.RestoreAsync(db, tag, tag?.MergedIntoId is not null, id, l["Restored"], cancellationToken, nameof(Edit));
    }

    [HttpPost]
    public async Task<IActionResult> AddGroup(string? name, CancellationToken cancellationToken)
    {
        var clean = TagNames.Clean(name);
        if (clean.Length is 0 or > 60)
        {
            TempData["Error"] = l["Error_GroupName"].Value;
        }
        else
        {
            db.Add(new TagGroup { Name = clean });
            await db.SaveChangesAsync(cancellationToken);
            TempData["Message"] = l["Saved"].Value;
        }

        return RedirectToAction(nameof(Index));
    }

    private RedirectToActionResult Done(string? error, string message, string action, Guid id)
    {
        if (error is null)
        {
            TempData["Message"] = message;
        }
        else
        {
            TempData["Error"] = error;
        }

        return RedirectToAction(action, new { id });
    }
}

public sealed record TagRow(Tag Tag, string Name, int Usage);
