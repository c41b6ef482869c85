using Crm.Modules.Workflow.Contracts;
using Crm.Modules.Workflow.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Workflow.Features;

/// <summary>Creating workflows, publishing new versions of them, and switching them on and off.</summary>
public sealed class WorkflowDefinitions(DbContext db, IClock clock, ICurrentUser user, TriggerIndex triggers)
{
    public async Task<Domain.Workflow> CreateAsync(string namePersian, string nameEnglish, string recordType, WorkflowDefinition definition, bool enabled,
        CancellationToken cancellationToken)
    {
        var workflow = Add(namePersian, nameEnglish, recordType, definition, enabled);
        await db.SaveChangesAsync(cancellationToken);
        triggers.Changed();
        return workflow;
    }

    /// <summary>A new workflow with its first version, added to the unit of work for the caller to save (then call <see cref="TriggerIndex.Changed"/>).</summary>
    public Domain.Workflow Add(string namePersian, string nameEnglish, string recordType, WorkflowDefinition definition, bool enabled)
    {
        var workflow = new Domain.Workflow
        {
            NamePersian = namePersian.Trim(),
            NameEnglish = nameEnglish.Trim(),
            RecordType = recordType,
            Enabled = enabled,
            OwnerId = user.UserId,
        };
        db.Add(workflow);
        AddVersion(workflow, definition);
        return workflow;
    }

    /// <summary>
    /// Saves the designer's form: names, on or off, and the definition as a new version when it changed. Null when the
    /// workflow was changed by someone else since the form was opened (its stamp differs) or is gone.
    /// </summary>
    public async Task<Domain.Workflow?> UpdateAsync(Guid id, Guid stamp, string namePersian, string nameEnglish, bool enabled, WorkflowDefinition definition,
        CancellationToken cancellationToken)
    {
        var workflow = await db.Set<Domain.Workflow>().FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (workflow is null || workflow.Version != stamp)
        {
            return null;
        }

        workflow.NamePersian = namePersian.Trim();
        workflow.NameEnglish = nameEnglish.Trim();
        workflow.Enabled = enabled;
        var current = workflow.PublishedVersionId is { } versionId
            ? await db.Set<WorkflowVersion>().AsNoTracking().Where(v => v.Id == versionId).Select(v => v.Definition).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (current != definition.ToJson())
        {
            AddVersion(workflow, definition);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;
        }

        triggers.Changed();
        return workflow;
    }

    /// <summary>Deletes a workflow (it can be restored); it starts nothing more, and its runs in flight are cancelled.</summary>
    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await SetEnabledAsync(id, false, cancelRuns: true, cancellationToken);
        var workflow = await db.Set<Domain.Workflow>().FirstAsync(w => w.Id == id, cancellationToken);
        db.Remove(workflow);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Brings a deleted workflow back, switched off.</summary>
    public async Task<bool> RestoreAsync(Guid id, CancellationToken cancellationToken)
    {
        var workflow = await db.Set<Domain.Workflow>().IgnoreQueryFilters().FirstOrDefaultAsync(w => w.Id == id && w.IsDeleted, cancellationToken);
        if (workflow is null)
        {
            return false;
        }

        workflow.IsDeleted = false;
        workflow.Enabled = false;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Takes a failed run up again from where it failed (the start of the stretch of steps that rolled back), with its
    /// tries counted afresh; false when the run has not failed.
    /// </summary>
    public async Task<bool> RetryRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var retried = await db.Set<WorkflowRun>().Where(r => r.Id == runId && r.State == RunState.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.State, r => r.StepsExecuted == 0 && r.Position == 0 ? RunState.Pending : RunState.Running)
                .SetProperty(r => r.FinishedAt, (DateTime?)null)
                .SetProperty(r => r.Error, (string?)null)
                .SetProperty(r => r.Attempts, 0)
                .SetProperty(r => r.WakeAt, now)
                .SetProperty(r => r.Version, Guid.NewGuid()), cancellationToken);
        if (retried == 0)
        {
            return false;
        }

        var run = await db.Set<WorkflowRun>().AsNoTracking().FirstAsync(r => r.Id == runId, cancellationToken);
        db.Add(WorkflowStepLog.Of(run, null, StepOutcome.Retrying, LogText.Of("Log_RetriedBy", user.UserName ?? ""), now));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Cancels a run that is pending, running or waiting; false when it has already finished.</summary>
    public async Task<bool> CancelRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        if (await CancelAsync(db.Set<WorkflowRun>().Where(r => r.Id == runId), cancellationToken) == 0)
        {
            return false;
        }

        var run = await db.Set<WorkflowRun>().AsNoTracking().FirstAsync(r => r.Id == runId, cancellationToken);
        db.Add(WorkflowStepLog.Of(run, null, StepOutcome.Cancelled, LogText.Of("Log_CancelledBy", user.UserName ?? ""), now));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Publishes an edited definition as the next version; runs already started keep theirs.</summary>
    public async Task<WorkflowVersion> PublishAsync(Guid workflowId, WorkflowDefinition definition, CancellationToken cancellationToken)
    {
        var workflow = await db.Set<Domain.Workflow>().FirstAsync(w => w.Id == workflowId, cancellationToken);
        var version = AddVersion(workflow, definition);
        await db.SaveChangesAsync(cancellationToken);
        triggers.Changed();
        return version;
    }

    /// <summary>Switches a workflow on or off; switching off may cancel the runs it has in flight.</summary>
    public async Task SetEnabledAsync(Guid workflowId, bool enabled, bool cancelRuns, CancellationToken cancellationToken)
    {
        var workflow = await db.Set<Domain.Workflow>().FirstAsync(w => w.Id == workflowId, cancellationToken);
        workflow.Enabled = enabled;
        await db.SaveChangesAsync(cancellationToken);
        if (!enabled && cancelRuns)
        {
            await CancelAsync(db.Set<WorkflowRun>().Where(r => r.WorkflowId == workflowId), cancellationToken);
        }

        triggers.Changed();
    }

    /// <summary>Cancels the unfinished runs among <paramref name="runs"/>; a new version makes any step still being saved for them fail.</summary>
    private Task<int> CancelAsync(IQueryable<WorkflowRun> runs, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        return runs.Where(r => r.State == RunState.Pending || r.State == RunState.Running || r.State == RunState.Waiting)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.State, RunState.Cancelled)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.ClaimToken, (Guid?)null)
                .SetProperty(r => r.ClaimedUntil, (DateTime?)null)
                .SetProperty(r => r.Version, Guid.NewGuid()), cancellationToken);
    }

    private WorkflowVersion AddVersion(Domain.Workflow workflow, WorkflowDefinition definition)
    {
        foreach (var (step, index) in definition.AllSteps().Select((s, i) => (s, i)))
        {
            if (string.IsNullOrWhiteSpace(step.Id))
            {
                step.Id = "s" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        workflow.VersionCount++;
        var version = WorkflowVersion.Of(workflow.Id, workflow.VersionCount, definition.ToJson(), clock.UtcNow, user.UserId);
        db.Add(version);
        workflow.PublishedVersionId = version.Id;
        return version;
    }
}

public sealed class StartWorkflowHandler(DbContext db, RecordDirectory records, IClock clock, ICurrentUser user) : IRequestHandler<StartWorkflow, Guid?>
{
    public async ValueTask<Guid?> Handle(StartWorkflow request, CancellationToken cancellationToken)
    {
        var workflow = await db.Set<Domain.Workflow>().AsNoTracking()
            .FirstOrDefaultAsync(w => w.Id == request.WorkflowId && w.Enabled && w.RecordType == request.Record.Type, cancellationToken);
        var version = workflow?.PublishedVersionId is { } versionId
            ? await db.Set<WorkflowVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.Id == versionId, cancellationToken)
            : null;
        if (workflow is null || version is null || WorkflowDefinition.FromJson(version.Definition).Trigger.Kind != TriggerKind.Manual
            || await records.FindVisibleAsync(request.Record, cancellationToken) is null)
        {
            return null;
        }

        var run = WorkflowRun.Start(workflow.Id, version.Id, request.Record.Type, request.Record.Id, clock.UtcNow);
        run.StartedBy = user.UserId;
        db.Add(run);
        return run.Id;
    }
}
