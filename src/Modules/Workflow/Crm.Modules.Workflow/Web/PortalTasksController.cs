using Crm.Modules.Portal.Contracts;
using Crm.Modules.Workflow.Domain;
using Crm.Modules.Workflow.Features;
using Crm.SharedKernel.Files;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Workflow.Web;

public sealed record PortalTasksModel(IReadOnlyList<WorkflowTask> Open, IReadOnlyList<WorkflowTask> Done);

public sealed record PortalTaskModel(WorkflowTask Task, string? Answer, string? Error);

/// <summary>
/// The tasks workflows gave the customer, on the portal: confirm, send a document, or fill a form (on the form's own
/// portal page, which completes the task). Doing one wakes the run that waits for it. Anything not theirs is 404.
/// </summary>
[PortalPage]
[AutoValidateAntiforgeryToken]
public sealed class PortalTasksController(DbContext db, IMediator mediator, IFileStore files, IStringLocalizer<WorkflowResources> l) : Controller
{
    public const string Section = "tasks";
    private const long MaxRequestBytes = CustomerTasks.MaxFileBytes + (64 * 1024);

    [HttpGet("/portal/tasks")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        if (await CustomerAsync(cancellationToken) is not { } customer)
        {
            return NotFound();
        }

        var mine = CustomerTasks.Of(db, customer.ContactId).AsNoTracking();
        var open = await mine.Where(t => t.DoneAt == null).OrderBy(t => t.DueAt).Take(200).ToListAsync(cancellationToken);
        var done = await mine.Where(t => t.DoneAt != null).OrderByDescending(t => t.DoneAt).Take(20).ToListAsync(cancellationToken);
        return View("~/Areas/Workflow/Views/PortalTasks/Index.cshtml", new PortalTasksModel(open, done));
    }

    [HttpGet("/portal/tasks/{id:guid}")]
    public async Task<IActionResult> Task(Guid id, CancellationToken cancellationToken) =>
        await CustomerAsync(cancellationToken) is { } customer && await CustomerTasks.Of(db, customer.ContactId).AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken) is { } task
            ? View("~/Areas/Workflow/Views/PortalTasks/Task.cshtml", new PortalTaskModel(task, null, null))
            : NotFound();

    [HttpPost("/portal/tasks/{id:guid}")]
    [RequestSizeLimit(MaxRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
    public async Task<IActionResult> Do(Guid id, string? answer, IFormFile? document, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(cancellationToken) is not { } customer
            || await CustomerTasks.Of(db, customer.ContactId).AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken) is not { } task)
        {
            return NotFound();
        }

        IActionResult Again(string error)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("~/Areas/Workflow/Views/PortalTasks/Task.cshtml",
                new PortalTaskModel(task, answer is null ? null : Crm.SharedKernel.Text.TextLimits.Shorten(answer, WorkflowTask.CommentMaxLength * 2), error));
        }

        if (task.DoneAt is not null || task.Ask == CustomerAsk.Form)
        {
            // A form task is done by sending the form, not here.
            return Redirect(CustomerTasks.Path(id));
        }

        if (answer?.Trim().Length > WorkflowTask.CommentMaxLength)
        {
            return Again(l["Portal_AnswerTooLong", WorkflowTask.CommentMaxLength]);
        }

        TaskDocument? stored = null;
        if (task.Ask == CustomerAsk.Upload)
        {
            if (document is null || document.Length == 0)
            {
                return Again(l["Portal_DocumentNeeded"]);
            }

            if (document.Length > CustomerTasks.MaxFileBytes)
            {
                return Again(l["Portal_DocumentTooLarge", CustomerTasks.MaxFileBytes / (1024 * 1024)]);
            }

            var name = AttachmentTypes.CleanName(document.FileName, WorkflowTask.FileNameMaxLength);
            var head = new byte[AttachmentTypes.HeadLength];
            int read;
            await using (var stream = document.OpenReadStream())
            {
                read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
            }

            if (AttachmentTypes.ContentTypeOf(name, head.AsMemory(0, read)) is not { } contentType)
            {
                return Again(l["Portal_DocumentType", string.Join(" ", AttachmentTypes.Extensions)]);
            }

            stored = new TaskDocument(name, contentType, CustomerTasks.StoreName(id, Guid.CreateVersion7()));
            await using var content = document.OpenReadStream();
            await files.SaveAsync(stored.StoreName, content, cancellationToken);
        }

        if (!await mediator.Send(new DoCustomerTask(id, customer.ContactId, answer, stored, null), cancellationToken))
        {
            // Done a moment ago from another device: the document sent now is not kept.
            if (stored is not null)
            {
                await files.DeleteAsync(stored.StoreName, cancellationToken);
            }

            return Redirect(CustomerTasks.Path(id));
        }

        TempData["Message"] = l["Portal_TaskThanks"].Value;
        return Redirect("/portal/tasks");
    }

    /// <summary>The document the customer sent for one of their tasks.</summary>
    [HttpGet("/portal/tasks/{id:guid}/document")]
    public async Task<IActionResult> Document(Guid id, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(cancellationToken) is not { } customer
            || await CustomerTasks.Of(db, customer.ContactId).AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken) is not { FileStore: { } store } task
            || await files.OpenReadAsync(store, cancellationToken) is not { } content)
        {
            return NotFound();
        }

        return UploadedFiles.Serve(this, content, task.FileType ?? "application/octet-stream", task.FileName);
    }

    private Task<PortalCustomer?> CustomerAsync(CancellationToken cancellationToken) => PortalCustomer.InSectionAsync(User, mediator, Section, cancellationToken);
}

/// <summary>How a customer's task looks on the portal.</summary>
public static class PortalTaskLook
{
    public const long MaxMegabytes = CustomerTasks.MaxFileBytes / (1024 * 1024);

    public static string Icon(CustomerAsk ask) => ask switch
    {
        CustomerAsk.Upload => "bi-file-earmark-arrow-up",
        CustomerAsk.Form => "bi-ui-checks",
        _ => "bi-check2-square",
    };
}
