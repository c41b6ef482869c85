using Crm.Modules.Tags.Contracts;
using Crm.Modules.Tags.Domain;
using Crm.Modules.Tags.Features;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Tags.Web;

/// <summary>The tag report for managers: public and system tags only, never anyone's personal ones.</summary>
[Area(TagsModule.ModuleName)]
[HasPermission(TagsPermissions.ViewReport)]
public sealed class TagReportController(DbContext db, TagCatalog catalog, IDisplayFormatter format, IStringLocalizer<TagsResources> l) : Controller
{
    /// <summary>How many records of each type were given each tag in the period, and each tag's share of the activities tagged in it.</summary>
    [HttpGet]
    public async Task<IActionResult> Index(string? from, string? to, CancellationToken cancellationToken)
    {
        var today = format.Today();
        var start = format.TryParseDateInput(from, out var f) ? f : today.AddDays(-29);
        var end = format.TryParseDateInput(to, out var t) ? t : today;
        if ((!string.IsNullOrWhiteSpace(from) && f == default) || (!string.IsNullOrWhiteSpace(to) && t == default) || end < start)
        {
            // A date that cannot be read, or a period that ends before it starts, is said rather than silently replaced.
            ViewBag.DateError = l["Error_Period"].Value;
            (start, end) = (today.AddDays(-29), today);
        }
        var startUtc = format.ToUtc(start.ToDateTime(TimeOnly.MinValue));
        var endUtc = format.ToUtc(end.AddDays(1).ToDateTime(TimeOnly.MinValue));

        var tags = await db.Set<Tag>().AsNoTracking().Where(x => x.Kind != TagKind.Personal).ToDictionaryAsync(x => x.Id, cancellationToken);
        var usage = await db.Set<TagLink>().AsNoTracking().Where(x => x.CreatedAt >= startUtc && x.CreatedAt < endUtc).GroupBy(x => new { x.TagId, x.RecordType })
            .Select(g => new { g.Key.TagId, g.Key.RecordType, Count = g.Count() }).ToListAsync(cancellationToken);
        var activities = await db.Set<TagLink>().AsNoTracking()
            .Where(x => x.RecordType == RecordTypes.Activity && x.CreatedAt >= startUtc && x.CreatedAt < endUtc)
            .GroupBy(x => x.TagId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);

        var types = usage.Select(u => u.RecordType).Distinct().Order(StringComparer.Ordinal).ToList();
        var rows = usage.Where(u => tags.ContainsKey(u.TagId)).GroupBy(u => u.TagId)
            .Select(g => new ReportRow(catalog.Chip(tags[g.Key]), g.ToDictionary(u => u.RecordType, u => u.Count)))
            .OrderByDescending(r => r.Counts.Values.Sum()).ToList();
        var shares = activities.Where(a => tags.ContainsKey(a.Key)).Select(a => (Tag: catalog.Chip(tags[a.Key]), a.Count))
            .OrderByDescending(a => a.Count).ToList();
        return View(new TagReport(format.DateInput(start), format.DateInput(end), types, rows, shares));
    }

}

public sealed record ReportRow(TagChip Tag, IReadOnlyDictionary<string, int> Counts);

public sealed record TagReport(string From, string To, IReadOnlyList<string> Types, IReadOnlyList<ReportRow> Rows, IReadOnlyList<(TagChip Tag, int Count)> ActivityShares);
