using Crm.Modules.Activities.Contracts;
using Crm.Modules.Activities.Features;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Activities.Web;

/// <summary>Comments on a record: add, edit and delete one's own (earlier texts kept), restore, and find a customer to link.</summary>
[Area(ActivitiesModule.ModuleName)]
[HasPermission(ActivitiesPermissions.Edit)]
[AutoValidateAntiforgeryToken]
public sealed class CommentsController(DbContext db, Comments comments, RecordDirectory records, IStringLocalizer<ActivitiesResources> l) : Controller
{
    /// <summary>The customer types a comment can link.</summary>
    public static readonly IReadOnlyList<string> LinkableTypes = [RecordTypes.Contact, RecordTypes.Organization, RecordTypes.Lead];

    [HttpPost]
    public async Task<IActionResult> Add(string record, string? text, string? returnUrl, CancellationToken cancellationToken)
    {
        if (!RecordRef.TryParse(record, out var target))
        {
            return NotFound();
        }

        Report(await comments.AddAsync(target, text, cancellationToken), l["CommentAdded"]);
        return Back(returnUrl);
    }

    [HttpPost]
    public async Task<IActionResult> Edit(Guid id, Guid version, string? text, string? returnUrl, CancellationToken cancellationToken)
    {
        Report(await comments.EditAsync(id, version, text, cancellationToken), l["CommentEdited"]);
        return Back(returnUrl);
    }

    [HttpPost]
    public async Task<IActionResult> Delete(Guid id, string? returnUrl, CancellationToken cancellationToken) =>
        await this.SoftDeleteAsync(db, await comments.FindOwnAsync(id, false, cancellationToken), id, l["CommentDeleted"], cancellationToken, backTo: returnUrl ?? "/");

    [HttpPost]
    public async Task<IActionResult> Restore(Guid id, string? backTo, CancellationToken cancellationToken) =>
        await this.RestoreAsync(db, await comments.FindOwnAsync(id, true, cancellationToken), false, id, l["Restored"], cancellationToken, backTo: backTo ?? "/");

    /// <summary>A comment's earlier texts, newest first.</summary>
    [HttpGet]
    [HasPermission(ActivitiesPermissions.View)]
    public async Task<IActionResult> History(Guid id, CancellationToken cancellationToken)
    {
        var comment = await db.Set<Domain.Comment>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (comment is null || await records.FindVisibleAsync(new RecordRef(comment.RecordType, comment.RecordId), cancellationToken) is not { } record)
        {
            return NotFound();
        }

        ViewBag.Current = comment;
        ViewBag.Record = record;
        return View(await comments.HistoryAsync(id, cancellationToken));
    }

    /// <summary>Customers the user can see matching the text, to link in a comment.</summary>
    [HttpGet]
    public async Task<IActionResult> FindCustomers(string? q, CancellationToken cancellationToken)
    {
        var text = q?.Trim() ?? "";
        if (text.Length < 2)
        {
            return Json(Array.Empty<object>());
        }

        var found = new List<RecordLink>();
        foreach (var type in records.Types.Where(t => LinkableTypes.Contains(t.Type)))
        {
            found.AddRange(await type.SearchAsync(text, 5, cancellationToken));
        }

        return Json(found.Select(r => new { token = $"[[{r.Record}]]", title = r.Title, type = r.TypeName }));
    }

    private void Report(string? error, string done)
    {
        if (error is null)
        {
            TempData["Message"] = done;
        }
        else
        {
            TempData["Error"] = error;
        }
    }

    private IActionResult Back(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : Redirect("/");
}
