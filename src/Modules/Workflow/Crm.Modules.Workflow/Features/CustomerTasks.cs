using Crm.Modules.Activities.Contracts;
using Crm.Modules.Workflow.Contracts;
using Crm.Modules.Workflow.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Workflow.Features;

/// <summary>A document the customer sent for a task, already in the file store.</summary>
public sealed record TaskDocument(string Name, string ContentType, string StoreName);

/// <summary>
/// The customer does one of their portal tasks: the task is marked done once (one conditional update, so two devices or
/// two clicks cannot both do it), with their answer, document or form submission; the run waiting for it is woken and
/// the record's timeline says what the customer did, all in one transaction. False when the task is not the contact's
/// or is already done.
/// </summary>
public sealed record DoCustomerTask(Guid TaskId, Guid ContactId, string? Answer, TaskDocument? Document, RecordRef? Result) : ICommand<bool>;

public sealed class DoCustomerTaskHandler(DbContext db, IClock clock, IMediator mediator, IStringLocalizer<WorkflowResources> l) : IRequestHandler<DoCustomerTask, bool>
{
    public async ValueTask<bool> Handle(DoCustomerTask request, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var answer = string.IsNullOrWhiteSpace(request.Answer) ? null : Crm.SharedKernel.Text.TextLimits.Shorten(request.Answer.Trim(), WorkflowTask.CommentMaxLength);
        var (fileName, fileType, fileStore) = (request.Document?.Name, request.Document?.ContentType, request.Document?.StoreName);
        var (resultType, resultId) = (request.Result?.Type, request.Result?.Id);
        var done = await db.Set<WorkflowTask>()
            .Where(t => t.Id == request.TaskId && t.CustomerId == request.ContactId && t.DoneAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.DoneAt, now)
                .SetProperty(t => t.Comment, answer)
                .SetProperty(t => t.FileName, fileName)
                .SetProperty(t => t.FileType, fileType)
                .SetProperty(t => t.FileStore, fileStore)
                .SetProperty(t => t.ResultType, resultType)
                .SetProperty(t => t.ResultId, resultId), cancellationToken);
        if (done == 0)
        {
            return false;
        }

        var task = await db.Set<WorkflowTask>().AsNoTracking().FirstAsync(t => t.Id == request.TaskId, cancellationToken);
        await WorkflowTaskInbox.WakeAsync(db, now, task, cancellationToken);
        var what = fileName is not null ? "Timeline_CustomerTaskFile" : "Timeline_CustomerTaskDone";
        await mediator.Send(new LogTimelineEvent(new RecordRef(task.RecordType, task.RecordId), ActivityKind.Note,
            new LocalText(l.InCulture(SupportedCultures.Persian, what, task.Subject, fileName ?? ""), l.InCulture(SupportedCultures.English, what, task.Subject, fileName ?? ""))),
            cancellationToken);
        return true;
    }
}

/// <summary>The customer's portal tasks, and where each is found.</summary>
public static class CustomerTasks
{
    public const long MaxFileBytes = 10 * 1024 * 1024;

    public static string Path(Guid taskId) => "/portal/tasks/" + taskId;

    public static string StoreName(Guid taskId, Guid fileId) => $"workflow/tasks/{taskId:N}/{fileId:N}";

    public static IQueryable<WorkflowTask> Of(DbContext db, Guid contactId) => db.Set<WorkflowTask>().Where(t => t.CustomerId == contactId);
}

/// <summary>A form task's subject, for the form's page to say which task it completes.</summary>
public sealed class GetFormTaskHandler(DbContext db) : IRequestHandler<GetFormTask, string?>
{
    public async ValueTask<string?> Handle(GetFormTask request, CancellationToken cancellationToken) =>
        await CustomerTasks.Of(db, request.ContactId).AsNoTracking()
            .Where(t => t.Id == request.TaskId && t.DoneAt == null && t.Ask == CustomerAsk.Form && t.FormKey == request.FormKey)
            .Select(t => t.Subject).FirstOrDefaultAsync(cancellationToken);
}

/// <summary>The form a task asked for was sent: the task is done with the submission as its result.</summary>
public sealed class CompleteFormTaskHandler(DbContext db, IMediator mediator) : IRequestHandler<CompleteFormTask, bool>
{
    public async ValueTask<bool> Handle(CompleteFormTask request, CancellationToken cancellationToken) =>
        await CustomerTasks.Of(db, request.ContactId).AnyAsync(t => t.Id == request.TaskId && t.Ask == CustomerAsk.Form && t.FormKey == request.FormKey, cancellationToken)
        && await mediator.Send(new DoCustomerTask(request.TaskId, request.ContactId, null, null, request.Result), cancellationToken);
}
