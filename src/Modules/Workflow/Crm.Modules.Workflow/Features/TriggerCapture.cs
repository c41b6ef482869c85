using System.Text.Json;
using Crm.Modules.Workflow.Domain;
using Crm.SharedKernel.Caching;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Workflow.Features;

/// <summary>An enabled workflow's published trigger, as saves are matched against it.</summary>
public sealed record ActiveTrigger(Guid WorkflowId, Guid VersionId, TriggerSpec Trigger);

/// <summary>
/// The enabled workflows' triggers by record type, kept in memory because every save of a record is matched against
/// them; a change to a workflow drops them in every instance (<see cref="Changed"/>).
/// </summary>
public sealed class TriggerIndex(IMemoryCache cache, ISharedCacheInvalidation invalidation)
{
    public const string CacheKey = "workflow:triggers";

    public async Task<IReadOnlyDictionary<string, List<ActiveTrigger>>> GetAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(CacheKey, out IReadOnlyDictionary<string, List<ActiveTrigger>>? triggers))
        {
            return triggers!;
        }

        var published = await (from w in db.Set<Domain.Workflow>().AsNoTracking()
                                join v in db.Set<WorkflowVersion>().AsNoTracking() on w.PublishedVersionId equals v.Id
                                where w.Enabled
                                select new { w.Id, w.RecordType, VersionId = v.Id, v.Definition }).ToListAsync(cancellationToken);
        triggers = published
            .Select(p => (p.RecordType, Trigger: new ActiveTrigger(p.Id, p.VersionId, WorkflowDefinition.FromJson(p.Definition).Trigger)))
            .Where(p => p.Trigger.Trigger.Kind != TriggerKind.Manual)
            .GroupBy(p => p.RecordType, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Trigger).ToList(), StringComparer.Ordinal);
        cache.Set(CacheKey, triggers, TimeSpan.FromMinutes(10));
        return triggers;
    }

    public void Changed() => invalidation.Remove(CacheKey);
}

/// <summary>
/// Starts the runs a save triggers, in the same save: a run row is written with the change, or not at all, so no trigger
/// is lost between a commit and an event. Conditions are checked when the engine takes the run up (they may need other
/// records); here only the trigger is matched, in memory, so saves that start nothing pay almost nothing.
/// </summary>
public sealed class TriggerCapture(TriggerIndex index, IClock clock, IOptions<WorkflowOptions> options) : IRecordChangeObserver
{
    public async Task ObserveAsync(DbContext db, IReadOnlyList<RecordChange> changes, CancellationToken cancellationToken)
    {
        var triggers = await index.GetAsync(db, cancellationToken);
        if (triggers.Count == 0)
        {
            return;
        }

        var cause = WorkflowScope.Current;
        foreach (var change in changes)
        {
            foreach (var trigger in triggers.GetValueOrDefault(change.Schema.Type) ?? [])
            {
                if (!Matches(trigger.Trigger, change))
                {
                    continue;
                }

                var run = WorkflowRun.Start(trigger.WorkflowId, trigger.VersionId, change.Schema.Type, change.Id, clock.UtcNow);
                run.Before = change.Before.Count == 0 ? null : JsonSerializer.Serialize(change.Before.ToDictionary(b => b.Key, b => Conditions.Text(b.Value)));
                if (cause is not null)
                {
                    run.Depth = cause.Depth + 1;
                    run.CausedByRunId = cause.RunId;
                    if (run.Depth > options.Value.MaxDepth)
                    {
                        run.Finish(RunState.Refused, clock.UtcNow, LogText.Of("Log_LoopGuard", run.Depth + 1, options.Value.MaxDepth + 1));
                    }
                }

                db.Add(run);
            }
        }
    }

    public static bool Matches(TriggerSpec trigger, RecordChange change) => trigger.Kind switch
    {
        TriggerKind.Created => change.Created,
        TriggerKind.Updated => !change.Created && (trigger.Field is not { Length: > 0 } field
            || (change.Before.ContainsKey(field) && (trigger.To is null
                || string.Equals(Conditions.Text(change.Values.GetValueOrDefault(field)), trigger.To, StringComparison.OrdinalIgnoreCase)))),
        _ => false,
    };
}

/// <summary>The run whose step is executing on this flow of control, so the runs its changes trigger count one deeper.</summary>
public sealed record WorkflowScope(Guid RunId, int Depth)
{
    private static readonly AsyncLocal<WorkflowScope?> Ambient = new();

    public static WorkflowScope? Current => Ambient.Value;

    public static IDisposable Enter(Guid runId, int depth)
    {
        var previous = Ambient.Value;
        Ambient.Value = new WorkflowScope(runId, depth);
        return new Exit(previous);
    }

    private sealed class Exit(WorkflowScope? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
