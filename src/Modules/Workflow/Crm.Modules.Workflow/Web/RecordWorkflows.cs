using Crm.Modules.Workflow.Contracts;
using Crm.Modules.Workflow.Features;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Workflow.Web;

/// <summary>A record's workflow runs and its manual workflows, for whoever may see the record.</summary>
[Area(WorkflowModule.ModuleName)]
[HasPermission(WorkflowPermissions.Run)]
[AutoValidateAntiforgeryToken]
public sealed class RecordWorkflowsController(WorkflowCatalog catalog, RecordDirectory records, IMediator mediator, IStringLocalizer<WorkflowResources> l) : Controller
{
    /// <summary>The record's run log: every run (but the skipped ones) with its steps; not found when the record is not the user's to see.</summary>
    [HttpGet]
    public async Task<IActionResult> Index(string type, Guid id, CancellationToken cancellationToken)
    {
        if (await records.FindVisibleAsync(new RecordRef(type ?? "", id), cancellationToken) is not { } record)
        {
            return NotFound();
        }

        var runs = await catalog.RecordRunsAsync(record.Record, WorkflowCatalog.PageSize, cancellationToken);
        var ids = runs.Select(r => r.Run.Id).ToList();
        var log = await catalog.LogAsync(ids, cancellationToken);
        return View("~/Areas/Workflow/Views/Workflows/Run.cshtml", new RunPage(runs, log, record) { CustomerTasks = await catalog.CustomerTasksAsync(ids, cancellationToken) });
    }

    [HttpPost]
    public async Task<IActionResult> Start(Guid workflowId, string type, Guid id, CancellationToken cancellationToken)
    {
        if (await records.FindVisibleAsync(new RecordRef(type ?? "", id), cancellationToken) is not { } record)
        {
            return NotFound();
        }

        var started = await mediator.Send(new StartWorkflow(workflowId, record.Record), cancellationToken);
        TempData[started is null ? "Error" : "Message"] = (started is null ? l["Start_Refused"] : l["Start_Done"]).Value;
        return LocalRedirect(record.Url);
    }
}

/// <summary>The record page's panel: its latest runs and the manual workflows one can start on it.</summary>
public sealed class RecordWorkflowsViewComponent(WorkflowCatalog catalog, ICurrentUser user) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(RecordRef record)
    {
        if (!user.HasPermission(WorkflowPermissions.Run))
        {
            return Content("");
        }

        var runs = await catalog.RecordRunsAsync(record, 5, HttpContext.RequestAborted);
        var manual = await catalog.ManualAsync(record.Type, HttpContext.RequestAborted);
        return View("~/Areas/Workflow/Views/Shared/Components/RecordWorkflows/Default.cshtml", new RecordWorkflowsPanel(record, runs, manual));
    }
}

public sealed record RecordWorkflowsPanel(RecordRef Record, IReadOnlyList<RunRow> Runs, IReadOnlyList<Domain.Workflow> Manual);
