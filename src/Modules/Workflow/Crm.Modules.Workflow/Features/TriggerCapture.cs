using System.Text.Json;
using Crm.Modules.Workflow.Domain;
using Crm.SharedKernel.Caching;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Workflow.Features;

/// <summary>
/// An enabled workflow's published trigger, as saves are matched against it, with its conditions when they can be
/// judged from the saved record alone (no tags), so a save they refuse writes no run at all.
/// </summary>
public sealed record ActiveTrigger(Guid WorkflowId, Guid VersionId, TriggerSpec Trigger, ConditionGroup? Conditions = null);

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
            .Select(p => (p.RecordType, Definition: WorkflowDefinition.FromJson(p.Definition), p.Id, p.VersionId))
            .Select(p => (p.RecordType, Trigger: new ActiveTrigger(p.Id, p.VersionId, p.Definition.Trigger, p.Definition.UsesTags ? null : p.Definition.Conditions)))
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
/// is lost between a commit and an event. The trigger and the conditions are matched in memory against the saved values,
/// so saves that start nothing pay almost nothing; the engine checks the conditions again when it takes the run up, as
/// the record may have changed by then.
/// </summary>
public sealed class TriggerCapture(TriggerIndex index, IClock clock, IServiceScopeFactory scopes, IOptions<WorkflowOptions> options) : IRecordChangeObserver
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
                if (!Matches(trigger.Trigger, change)
                    || (trigger.Conditions is { IsEmpty: false } conditions && !Conditions.Holds(conditions, change.Values, Texts(change.Before))))
                {
                    continue;
                }

                var run = WorkflowRun.Start(trigger.WorkflowId, trigger.VersionId, change.Schema.Type, change.Id, clock.UtcNow);
                if (trigger.Trigger.Kind == TriggerKind.DateReached && !await WhenDateReachedAsync(db, trigger, change, run, cancellationToken))
                {
                    continue;
                }

                run.Before = change.Before.Count == 0 ? null : JsonSerializer.Serialize(Texts(change.Before));
                WorkflowScope.Count(run, cause, options.Value.MaxDepth, clock.UtcNow);
                db.Add(run);
            }
        }
    }

    /// <summary>
    /// Makes a run wait for the moment a date trigger names: keyed by the date, so saving the same date again starts
    /// nothing new, and a run whose date has since moved is skipped when it wakes (the move started its own run).
    /// False when there is nothing to wait for: no date, a moment long past, or a run for this date already.
    /// </summary>
    private async Task<bool> WhenDateReachedAsync(DbContext db, ActiveTrigger trigger, RecordChange change, WorkflowRun run, CancellationToken cancellationToken)
    {
        if (change.Values.GetValueOrDefault(trigger.Trigger.Field ?? "") is not DateTime date)
        {
            return false;
        }

        // The observer outlives scopes (it is part of every save); the calendar is cached, so this scope seldom reads.
        await using var scope = scopes.CreateAsyncScope();
        var calendar = await scope.ServiceProvider.GetRequiredService<IWorkingCalendarSource>().GetAsync(cancellationToken);
        var when = DateTrigger.Moment(trigger.Trigger, date, calendar);
        var now = clock.UtcNow;
        var key = DateTrigger.Key(date);
        if (when < now - DateTrigger.LateBy
            || await db.Set<WorkflowRun>().AnyAsync(r => r.WorkflowId == trigger.WorkflowId && r.RecordId == change.Id && r.TriggerKey == key, cancellationToken))
        {
            return false;
        }

        run.TriggerKey = key;
        run.WakeAt = when > now ? when : now;
        return true;
    }

    private static Dictionary<string, string?> Texts(IReadOnlyDictionary<string, object?> values) =>
        values.ToDictionary(b => b.Key, b => Conditions.Text(b.Value));

    public static bool Matches(TriggerSpec trigger, RecordChange change) => trigger.Kind switch
    {
        TriggerKind.Created => change.Created,
        TriggerKind.DateReached => trigger.Field is { Length: > 0 } date && (change.Created || change.Before.ContainsKey(date)),
        TriggerKind.Updated => !change.Created && (trigger.Field is not { Length: > 0 } field
            || (change.Before.ContainsKey(field) && (trigger.To is null
                || string.Equals(Conditions.Text(change.Values.GetValueOrDefault(field)), trigger.To, StringComparison.OrdinalIgnoreCase)))),
        _ => false,
    };
}

/// <summary>When a date trigger fires for a record's date, and the key that makes it fire once per date.</summary>
public static class DateTrigger
{
    /// <summary>A date saved when its moment is further past than this starts nothing: it is history, not a reminder.</summary>
    public static readonly TimeSpan LateBy = TimeSpan.FromDays(1);

    public static DateTime Moment(TriggerSpec trigger, DateTime date, WorkingCalendar calendar)
    {
        var amount = Math.Clamp(trigger.Amount, 0, WorkflowValidator.MaxAmount);
        if (trigger.Before)
        {
            return trigger.Unit switch
            {
                TimeUnit.Minutes => date.AddMinutes(-amount),
                TimeUnit.Hours => date.AddHours(-amount),
                _ => date.AddDays(-amount),
            };
        }

        return StepTime.After(new StepSpec { Amount = amount, Unit = trigger.Unit, Working = trigger.Working }, date, calendar);
    }

    public static string Key(DateTime date) => "d:" + date.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The run whose step is executing on this flow of control, so the runs its changes trigger count one deeper.</summary>
public sealed record WorkflowScope(Guid RunId, int Depth)
{
    private static readonly AsyncLocal<WorkflowScope?> Ambient = new();

    public static WorkflowScope? Current => Ambient.Value;

    /// <summary>Marks a run started by another run's step one deeper; past the limit it is refused, and its log says why.</summary>
    public static void Count(WorkflowRun run, WorkflowScope? cause, int maxDepth, DateTime now)
    {
        if (cause is null)
        {
            return;
        }

        run.Depth = cause.Depth + 1;
        run.CausedByRunId = cause.RunId;
        if (run.Depth > maxDepth)
        {
            run.Finish(RunState.Refused, now, LogText.Of("Log_LoopGuard", run.Depth + 1, maxDepth + 1));
        }
    }

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
