using Crm.Modules.Tags.Contracts;
using Crm.Modules.Tags.Domain;
using Crm.Modules.Tags.Features;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Tags.Web;

/// <summary>Tags as everyone uses them: suggestions while typing, tagging a record, and a tag's page with everything carrying it.</summary>
[Area(TagsModule.ModuleName)]
[HasPermission(TagsPermissions.Use)]
[AutoValidateAntiforgeryToken]
public sealed class TagsController(DbContext db, TagCatalog catalog, RecordDirectory records, IMediator mediator, ICurrentUser user, IDisplayFormatter format, IStringLocalizer<TagsResources> l) : Controller
{
    /// <summary>The newest taggings read for a viewer who does not see every record; older ones are not counted for them.</summary>
    private const int MaxCountedLinks = 5000;

    public const int PageSize = 50;

    /// <summary>Tags the user can put on records whose name matches what was typed, spelling and spacing aside.</summary>
    [HttpGet]
    public async Task<IActionResult> Suggest(string? q, CancellationToken cancellationToken)
    {
        var key = TagNames.Key(q);
        var query = catalog.Visible().AsNoTracking().Where(t => t.Kind != TagKind.System);
        if (key.Length > 0)
        {
            query = query.Where(t => t.Key.Contains(key));
        }

        var tags = await query.OrderByDescending(t => t.Key.StartsWith(key)).ThenBy(t => t.Key).Take(10).ToListAsync(cancellationToken);
        return Json(tags.Select(t => new { id = t.Id, name = catalog.NameOf(t), color = t.Color, personal = t.Kind == TagKind.Personal }));
    }

    /// <summary>Every record the user can see that carries the tag, across record types.</summary>
    [HttpGet]
    public async Task<IActionResult> Show(Guid id, string? type, int page = 1, CancellationToken cancellationToken = default)
    {
        var tag = await catalog.Visible().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (tag is null)
        {
            var merged = await db.Set<Tag>().IgnoreQueryFilters().AsNoTracking().Where(t => t.Id == id).Select(t => t.MergedIntoId).FirstOrDefaultAsync(cancellationToken);
            return merged is { } survivor ? RedirectToAction(nameof(Show), new { id = survivor }) : NotFound();
        }

        page = Math.Max(1, page);
        var links = db.Set<TagLink>().AsNoTracking().Where(x => x.TagId == id);
        if (!RecordVisibility.SeesAll(user))
        {
            // Counted and paged over what this viewer may open, so the page tells nothing of other teams' records.
            var tagged = await links.OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id).Take(MaxCountedLinks)
                .Select(x => new RecordRef(x.RecordType, x.RecordId)).ToListAsync(cancellationToken);
            var seen = await records.FindVisibleAsync(tagged, cancellationToken);
            var mine = tagged.Where(seen.ContainsKey).ToList();
            var ofType = mine.Where(r => type is null || r.Type == type).Skip((page - 1) * PageSize).Take(PageSize + 1).ToList();
            return View(new TagPage(catalog.Chip(tag), mine.GroupBy(r => r.Type).ToDictionary(g => g.Key, g => g.Count()), type,
                [.. ofType.Take(PageSize).Select(r => seen[r])], page, ofType.Count > PageSize));
        }

        var counts = await links.GroupBy(x => x.RecordType).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        if (type is not null)
        {
            links = links.Where(x => x.RecordType == type);
        }

        var pageOfLinks = await links.OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id).Skip((page - 1) * PageSize).Take(PageSize + 1).ToListAsync(cancellationToken);
        var visible = await records.FindVisibleAsync(pageOfLinks.Take(PageSize).Select(x => new RecordRef(x.RecordType, x.RecordId)), cancellationToken);
        return View(new TagPage(catalog.Chip(tag), counts, type,
            [.. pageOfLinks.Take(PageSize).Select(x => visible.GetValueOrDefault(new RecordRef(x.RecordType, x.RecordId))).OfType<RecordLink>()],
            page, pageOfLinks.Count > PageSize));
    }

    [HttpPost]
    public async Task<IActionResult> Add(string record, string? names, bool personal, string? returnUrl, CancellationToken cancellationToken)
    {
        if (!RecordRef.TryParse(record, out var target) || await records.FindVisibleAsync(target, cancellationToken) is null)
        {
            return NotFound();
        }

        var typed = TagNames.Split(names);
        var invalid = typed.Where(n => !TagNames.IsValid(n)).ToList();
        if (typed.Count == 0 || invalid.Count > 0)
        {
            TempData["Error"] = l["Error_Name", format.Number(TagNames.MaxWords), format.Number(TagNames.MaxLength)] + (invalid.Count > 0 ? $" ({TextLimits.Shorten(string.Join("، ", invalid.Take(3)), 120)})" : "");
        }
        else
        {
            await mediator.Send(new TagRecord(target, typed, personal ? TagKind.Personal : TagKind.Public), cancellationToken);
        }

        return Back(returnUrl);
    }

    [HttpPost]
    public async Task<IActionResult> Remove(string record, Guid tagId, string? returnUrl, CancellationToken cancellationToken)
    {
        if (!RecordRef.TryParse(record, out var target) || await records.FindVisibleAsync(target, cancellationToken) is null)
        {
            return NotFound();
        }

        await mediator.Send(new UntagRecord(target, tagId), cancellationToken);
        return Back(returnUrl);
    }

    private IActionResult Back(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToAction(nameof(Suggest));
}

public sealed record TagPage(TagChip Tag, IReadOnlyDictionary<string, int> Counts, string? Type, IReadOnlyList<RecordLink> Records, int Page, bool HasNext);
