using Crm.Modules.Activities.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Workflow.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Workflow.Features;

/// <summary>
/// "My workflow tasks": the open tasks and approvals runs wait for, assigned to the current user. Doing one marks its
/// activity done and wakes its run; deciding an approval keeps the decision and its comment for the run's branch.
/// </summary>
public sealed class WorkflowTaskInbox(DbContext db, ICurrentUser user, IClock clock, IMediator mediator)
{
    public const int MaxListed = 500;

    public async Task<List<WorkflowTask>> OpenAsync(string? tag, CancellationToken cancellationToken)
    {
        var mine = await db.Set<WorkflowTask>().AsNoTracking().Where(t => t.AssigneeId == user.UserId && t.DoneAt == null)
            .OrderBy(t => t.DueAt).Take(MaxListed).ToListAsync(cancellationToken);
        return string.IsNullOrWhiteSpace(tag) ? mine : [.. mine.Where(t => t.TagList.Contains(tag.Trim(), StringComparer.OrdinalIgnoreCase))];
    }

    /// <summary>Marks one of the user's open tasks done; false when it is not theirs, not open, or an approval.</summary>
    public async Task<bool> DoneAsync(Guid id, CancellationToken cancellationToken)
    {
        var task = await MineAsync(id, cancellationToken);
        if (task is null || task.IsApproval)
        {
            return false;
        }

        // Its activity's "done" wakes the run (WorkflowTaskDone); an activity already done or gone is closed here.
        if (!await mediator.Send(new CompleteActivity(task.ActivityId), cancellationToken))
        {
            await CloseAsync(db, clock, mediator, task, cancellationToken);
        }

        return true;
    }

    /// <summary>Approves or rejects one of the user's open approvals; false when it is not theirs or not open.</summary>
    public async Task<bool> DecideAsync(Guid id, bool approve, string? comment, CancellationToken cancellationToken)
    {
        var task = await MineAsync(id, cancellationToken);
        if (task is null || !task.IsApproval)
        {
            return false;
        }

        var text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        task.Approved = approve;
        task.Comment = text is null || text.Length <= WorkflowTask.CommentMaxLength ? text : text[..WorkflowTask.CommentMaxLength];
        task.DecidedBy = user.UserId;
        await CloseAsync(db, clock, mediator, task, cancellationToken);
        await mediator.Send(new CompleteActivity(task.ActivityId), cancellationToken);
        return true;
    }

    /// <summary>
    /// Closes a task and, when its run is waiting for it (the run keeps the task's id while it waits), makes the run due
    /// now, so the engine takes it up on its next round. A run waiting for something else is left alone. A task done on
    /// a deal that stands for progress moves the deal on.
    /// </summary>
    internal static async Task CloseAsync(DbContext db, IClock clock, IMediator mediator, WorkflowTask task, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        task.DoneAt = now;
        await db.SaveChangesAsync(cancellationToken);
        if (task.Progress > 0 && task.RecordType == RecordTypes.Opportunity && task.Approved != false)
        {
            await mediator.Send(new RecordDealProgress(task.RecordId, task.Progress), cancellationToken);
        }

        await WakeAsync(db, now, task, cancellationToken);
    }

    /// <summary>Makes the run waiting for the task (the run keeps the task's id while it waits) due now; a run waiting for something else is left alone.</summary>
    internal static Task WakeAsync(DbContext db, DateTime now, WorkflowTask task, CancellationToken cancellationToken)
    {
        var waitingFor = task.Id.ToString();
        return db.Set<WorkflowRun>().Where(r => r.Id == task.RunId && r.State == RunState.Waiting && r.Variables != null && r.Variables.Contains(waitingFor))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.WakeAt, now), cancellationToken);
    }

    private Task<WorkflowTask?> MineAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<WorkflowTask>().FirstOrDefaultAsync(t => t.Id == id && t.AssigneeId == user.UserId && t.DoneAt == null, cancellationToken);
}

/// <summary>A task a run waits for was marked done, wherever that was done: the run goes on.</summary>
public sealed class WorkflowTaskDone(DbContext db, IClock clock, IMediator mediator) : INotificationHandler<ActivityDone>
{
    public async ValueTask Handle(ActivityDone notification, CancellationToken cancellationToken)
    {
        // An approval is decided in the inbox, not by ticking its activity done.
        var task = await db.Set<WorkflowTask>().FirstOrDefaultAsync(t => t.ActivityId == notification.ActivityId && t.DoneAt == null && !t.IsApproval, cancellationToken);
        if (task is not null)
        {
            await WorkflowTaskInbox.CloseAsync(db, clock, mediator, task, cancellationToken);
        }
    }
}
