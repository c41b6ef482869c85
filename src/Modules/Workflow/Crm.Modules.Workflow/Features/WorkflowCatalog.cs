using Crm.Modules.Workflow.Domain;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Workflow.Features;

public sealed record WorkflowRow(Domain.Workflow Workflow, WorkflowDefinition Definition, int RunsToday, int FailedThisWeek);

public sealed record RunRow(WorkflowRun Run, string WorkflowName, RecordLink? Record);

/// <summary>What the designer's pages list: the workflows with their activity, and runs with their records.</summary>
public sealed class WorkflowCatalog(DbContext db, RecordDirectory records, IClock clock)
{
    public const int PageSize = 100;

    public async Task<List<WorkflowRow>> ListAsync(bool deleted, CancellationToken cancellationToken)
    {
        var query = deleted ? db.Set<Domain.Workflow>().IgnoreQueryFilters().Where(w => w.IsDeleted) : db.Set<Domain.Workflow>();
        var workflows = await query.AsNoTracking().OrderBy(w => w.NameEnglish).Take(500).ToListAsync(cancellationToken);
        var ids = workflows.Select(w => w.Id).ToList();
        var day = clock.UtcNow.AddDays(-1);
        var week = clock.UtcNow.AddDays(-7);
        var today = await db.Set<WorkflowRun>().AsNoTracking().Where(r => ids.Contains(r.WorkflowId) && r.CreatedAt > day && r.State != RunState.Skipped)
            .GroupBy(r => r.WorkflowId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var failed = await db.Set<WorkflowRun>().AsNoTracking().Where(r => ids.Contains(r.WorkflowId) && r.State == RunState.Failed && r.FinishedAt > week)
            .GroupBy(r => r.WorkflowId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var versions = await PublishedAsync(workflows, cancellationToken);
        return [.. workflows.Select(w => new WorkflowRow(w, versions.GetValueOrDefault(w.Id) ?? new(), today.GetValueOrDefault(w.Id), failed.GetValueOrDefault(w.Id)))];
    }

    public async Task<(Domain.Workflow Workflow, WorkflowDefinition Definition)?> FindAsync(Guid id, bool includeDeleted, CancellationToken cancellationToken)
    {
        var query = includeDeleted ? db.Set<Domain.Workflow>().IgnoreQueryFilters() : db.Set<Domain.Workflow>();
        var workflow = await query.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        return workflow is null ? null : (workflow, (await PublishedAsync([workflow], cancellationToken)).GetValueOrDefault(workflow.Id) ?? new());
    }

    /// <summary>A workflow's runs, newest first, optionally in one state; skipped runs only when asked for.</summary>
    public async Task<List<RunRow>> RunsAsync(Guid workflowId, RunState? state, CancellationToken cancellationToken)
    {
        var runs = db.Set<WorkflowRun>().AsNoTracking().Where(r => r.WorkflowId == workflowId);
        runs = state is { } only ? runs.Where(r => r.State == only) : runs.Where(r => r.State != RunState.Skipped);
        return await RowsAsync(await runs.OrderByDescending(r => r.CreatedAt).Take(PageSize).ToListAsync(cancellationToken), cancellationToken);
    }

    /// <summary>A record's runs (not the skipped ones), newest first.</summary>
    public async Task<List<RunRow>> RecordRunsAsync(RecordRef record, int take, CancellationToken cancellationToken) =>
        await RowsAsync(await db.Set<WorkflowRun>().AsNoTracking()
            .Where(r => r.RecordType == record.Type && r.RecordId == record.Id && r.State != RunState.Skipped)
            .OrderByDescending(r => r.CreatedAt).Take(take).ToListAsync(cancellationToken), cancellationToken);

    public async Task<RunRow?> RunAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Set<WorkflowRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is { } run
            ? (await RowsAsync([run], cancellationToken)).Single()
            : null;

    public Task<List<WorkflowStepLog>> LogAsync(IReadOnlyCollection<Guid> runIds, CancellationToken cancellationToken) =>
        db.Set<WorkflowStepLog>().AsNoTracking().Where(l => runIds.Contains(l.RunId)).OrderBy(l => l.At).ThenBy(l => l.Id).Take(2000).ToListAsync(cancellationToken);

    public Task<List<WorkflowTask>> CustomerTasksAsync(IReadOnlyCollection<Guid> runIds, CancellationToken cancellationToken) =>
        db.Set<WorkflowTask>().AsNoTracking().Where(t => runIds.Contains(t.RunId) && t.CustomerId != null).OrderBy(t => t.CreatedAt).Take(500).ToListAsync(cancellationToken);

    /// <summary>The enabled manual workflows of a record type, to offer on its page.</summary>
    public async Task<List<Domain.Workflow>> ManualAsync(string recordType, CancellationToken cancellationToken)
    {
        var workflows = await db.Set<Domain.Workflow>().AsNoTracking().Where(w => w.Enabled && w.RecordType == recordType).ToListAsync(cancellationToken);
        var versions = await PublishedAsync(workflows, cancellationToken);
        return [.. workflows.Where(w => versions.GetValueOrDefault(w.Id)?.Trigger.Kind == TriggerKind.Manual)];
    }

    private async Task<List<RunRow>> RowsAsync(List<WorkflowRun> runs, CancellationToken cancellationToken)
    {
        var workflowIds = runs.Select(r => r.WorkflowId).Distinct().ToList();
        var names = await db.Set<Domain.Workflow>().IgnoreQueryFilters().AsNoTracking().Where(w => workflowIds.Contains(w.Id))
            .ToDictionaryAsync(w => w.Id, cancellationToken);
        var links = await LinksAsync(runs.Select(r => new RecordRef(r.RecordType, r.RecordId)), cancellationToken);

        var persian = System.Globalization.CultureInfo.CurrentUICulture.Name.StartsWith("fa", StringComparison.Ordinal);
        return [.. runs.Select(r => new RunRow(r, names.GetValueOrDefault(r.WorkflowId)?.NameIn(persian) ?? "", links.GetValueOrDefault(new RecordRef(r.RecordType, r.RecordId))))];
    }

    /// <summary>Links to the records the current user may see, asked of each record type once.</summary>
    public async Task<Dictionary<RecordRef, RecordLink>> LinksAsync(IEnumerable<RecordRef> refs, CancellationToken cancellationToken)
    {
        var links = new Dictionary<RecordRef, RecordLink>();
        foreach (var group in refs.GroupBy(r => r.Type))
        {
            if (records.Find(group.Key) is { } type)
            {
                foreach (var (id, link) in await type.FindVisibleAsync([.. group.Select(r => r.Id).Distinct()], cancellationToken))
                {
                    links[new RecordRef(group.Key, id)] = link;
                }
            }
        }

        return links;
    }

    private async Task<Dictionary<Guid, WorkflowDefinition>> PublishedAsync(List<Domain.Workflow> workflows, CancellationToken cancellationToken)
    {
        var versionIds = workflows.Where(w => w.PublishedVersionId != null).Select(w => w.PublishedVersionId!.Value).ToList();
        var versions = await db.Set<WorkflowVersion>().AsNoTracking().Where(v => versionIds.Contains(v.Id)).ToListAsync(cancellationToken);
        return versions.ToDictionary(v => v.WorkflowId, v => WorkflowDefinition.FromJson(v.Definition));
    }
}
