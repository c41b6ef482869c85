using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Controllers;

/// <summary>
/// The top bar's search across every module that publishes a searchable record type: a page of results grouped by kind,
/// and the same as JSON for the suggestions under the box. Each module answers with what its own list would show the user.
/// </summary>
public sealed class SearchController(RecordDirectory records, ICurrentUser user) : Controller
{
    /// <summary>Longer terms are cut: no name, number or address needs more, and the term is echoed on the page.</summary>
    public const int MaxTermLength = 100;

    [HttpGet]
    public async Task<IActionResult> Index(string? q, CancellationToken cancellationToken)
    {
        var term = Term(q);
        ViewBag.Term = term;
        return View(term is null ? [] : await records.GlobalSearchAsync(term, 10, user, cancellationToken));
    }

    [HttpGet]
    public async Task<IActionResult> Suggest(string? q, CancellationToken cancellationToken)
    {
        var term = Term(q);
        var groups = term is null ? [] : await records.GlobalSearchAsync(term, 5, user, cancellationToken);
        return Json(groups.Select(g => new
        {
            title = g.Title,
            more = g.ListUrl,
            items = g.Items.Select(i => new { title = i.Title, url = i.Url }),
        }));
    }

    /// <summary>A term worth searching: two characters or more, at most <see cref="MaxTermLength"/>.</summary>
    private static string? Term(string? q)
    {
        var term = q?.Trim();
        return term is null || term.Length < 2 ? null : term[..Math.Min(term.Length, MaxTermLength)];
    }
}
