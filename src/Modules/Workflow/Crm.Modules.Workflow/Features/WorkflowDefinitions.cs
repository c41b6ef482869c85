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
        await db.SaveChangesAsync(cancellationToken);
        triggers.Changed();
        return workflow;
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
            var now = clock.UtcNow;
            await db.Set<WorkflowRun>()
                .Where(r => r.WorkflowId == workflowId && (r.State == RunState.Pending || r.State == RunState.Running || r.State == RunState.Waiting))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.State, RunState.Cancelled)
                    .SetProperty(r => r.FinishedAt, now)
                    .SetProperty(r => r.ClaimToken, (Guid?)null)
                    .SetProperty(r => r.ClaimedUntil, (DateTime?)null)
                    .SetProperty(r => r.Version, Guid.NewGuid()), cancellationToken);
        }

        triggers.Changed();
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
