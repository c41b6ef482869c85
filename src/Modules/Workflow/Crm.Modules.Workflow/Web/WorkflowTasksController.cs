using Crm.Modules.Workflow.Contracts;
using Crm.Modules.Workflow.Features;
using Crm.SharedKernel.Files;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Workflow.Web;

/// <summary>"My workflow tasks": the tasks and approvals workflows wait for, filtered and coloured by tag.</summary>
[Area(WorkflowModule.ModuleName)]
[HasPermission(WorkflowPermissions.Run)]
[AutoValidateAntiforgeryToken]
public sealed class WorkflowTasksController(WorkflowTaskInbox inbox, WorkflowCatalog catalog, DbContext db, IFileStore files, IStringLocalizer<WorkflowResources> l) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(string? tag, CancellationToken cancellationToken)
    {
        var tasks = await inbox.OpenAsync(tag, cancellationToken);
        var links = await catalog.LinksAsync(tasks.Select(t => new RecordRef(t.RecordType, t.RecordId)), cancellationToken);

        var all = await inbox.OpenAsync(null, cancellationToken);
        var tags = all.SelectMany(t => t.TagList).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        return View(new TaskInboxPage(tasks, links, tags, tag));
    }

    [HttpPost]
    public async Task<IActionResult> Done(Guid id, CancellationToken cancellationToken)
    {
        if (!await inbox.DoneAsync(id, cancellationToken))
        {
            return NotFound();
        }

        TempData["Message"] = l["Inbox_Done"].Value;
        return RedirectToAction(nameof(Index));
    }

    /// <summary>The document a customer sent for a portal task, for staff who can see the task's record.</summary>
    [HttpGet]
    public async Task<IActionResult> Document(Guid id, CancellationToken cancellationToken)
    {
        if (await db.Set<Domain.WorkflowTask>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.CustomerId != null, cancellationToken) is not { FileStore: { } store } task
            || (await catalog.LinksAsync([new RecordRef(task.RecordType, task.RecordId)], cancellationToken)).Count == 0
            || await files.OpenReadAsync(store, cancellationToken) is not { } content)
        {
            return NotFound();
        }

        return UploadedFiles.Serve(this, content, task.FileType ?? "application/octet-stream", task.FileName);
    }

    [HttpPost]
    public async Task<IActionResult> Decide(Guid id, bool approve, string? comment, CancellationToken cancellationToken)
    {
        if (!await inbox.DecideAsync(id, approve, comment, cancellationToken))
        {
            return NotFound();
        }

        TempData["Message"] = (approve ? l["Inbox_Approved"] : l["Inbox_Rejected"]).Value;
        return RedirectToAction(nameof(Index));
    }
}

public sealed record TaskInboxPage(IReadOnlyList<Domain.WorkflowTask> Tasks, IReadOnlyDictionary<RecordRef, RecordLink> Records, IReadOnlyList<string> Tags, string? Tag)
{
    private static readonly string[] Colors = ["primary", "success", "danger", "warning", "info", "secondary", "dark"];

    /// <summary>A tag's colour, the same wherever it shows: picked from its name.</summary>
    public static string ColorOf(string tag) =>
        Colors[(int)((uint)tag.ToUpperInvariant().Aggregate(17, (hash, c) => unchecked((hash * 31) + c)) % (uint)Colors.Length)];
}
