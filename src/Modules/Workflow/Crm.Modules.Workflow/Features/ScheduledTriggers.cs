using Crm.Modules.Workflow.Domain;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Time;
using Cronos;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Workflow.Features;

/// <summary>Starts the runs of the workflows waiting for an event another module reports on a record, in the reporting save's scope.</summary>
public sealed class EventTriggers(DbContext db, TriggerIndex index, IClock clock, IOptions<WorkflowOptions> options) : INotificationHandler<RecordEventOccurred>
{
    public async ValueTask Handle(RecordEventOccurred notification, CancellationToken cancellationToken)
    {
        var triggers = await index.GetAsync(db, cancellationToken);
        var started = 0;
        foreach (var trigger in triggers.GetValueOrDefault(notification.Record.Type) ?? [])
        {
            if (trigger.Trigger.Kind != TriggerKind.Event || !string.Equals(trigger.Trigger.Event, notification.Event, StringComparison.Ordinal))
            {
                continue;
            }

            var run = WorkflowRun.Start(trigger.WorkflowId, trigger.VersionId, notification.Record.Type, notification.Record.Id, clock.UtcNow);
            WorkflowScope.Count(run, WorkflowScope.Current, options.Value.MaxDepth, clock.UtcNow);
            db.Add(run);
            started++;
        }

        if (started > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}

/// <summary>
/// Scheduled workflows: at each occurrence of a workflow's cron expression (Tehran time) every record of its type that
/// meets its conditions gets a run. An occurrence is claimed by one instance with a lease; its records are swept a page
/// at a time, each page's runs saved with how far the sweep got, so a sweep cut short goes on where it stopped, and a
/// run's key (the occurrence) keeps a record from being started twice. Occurrences missed while no instance ran are not
/// made up, except the latest.
/// </summary>
public sealed class ScheduledTriggers(DbContext db, TriggerIndex index, RecordDirectory records, IClock clock, IWorkingCalendarSource calendars,
    IOptions<WorkflowOptions> options)
{
    public const int PageSize = 500;

    /// <summary>Sweeps every occurrence that is due; returns how many runs were started.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var started = 0;
        // The business's time zone (Tehran unless configured otherwise), the one the working calendar counts in.
        var zone = (await calendars.GetAsync(cancellationToken)).Zone;
        foreach (var trigger in (await index.GetAsync(db, cancellationToken)).SelectMany(t => t.Value.Select(a => (Type: t.Key, Trigger: a)))
                     .Where(t => t.Trigger.Trigger.Kind == TriggerKind.Schedule))
        {
            if (Parse(trigger.Trigger.Trigger.Cron) is not { } cron || records.Find(trigger.Type) is not { } type)
            {
                continue;
            }

            if (await ClaimAsync(trigger.Trigger.WorkflowId, cron, zone, cancellationToken) is { } claim)
            {
                started += await SweepAsync(trigger.Trigger, type, claim, cancellationToken);
            }
        }

        return started;
    }

    /// <summary>A five-field cron expression, or null when it is not one.</summary>
    public static CronExpression? Parse(string? cron) =>
        CronExpression.TryParse(cron ?? "", CronFormat.Standard, out var parsed) ? parsed : null;

    private sealed record Claim(DateTime Occurrence, DateTime Until, int Offset);

    /// <summary>The occurrence this instance may sweep now: a new one that is due, or one whose sweeper's lease ran out.</summary>
    private async Task<Claim?> ClaimAsync(Guid workflowId, CronExpression cron, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var until = now + options.Value.ClaimLease;
        var schedules = db.Set<WorkflowSchedule>();
        var row = await schedules.AsNoTracking().FirstOrDefaultAsync(s => s.WorkflowId == workflowId, cancellationToken);
        if (row is null)
        {
            // First seen now: the schedule counts from here, not from the past.
            schedules.Add(new WorkflowSchedule { WorkflowId = workflowId, Occurrence = now, Done = true });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another instance saw it first.
            }

            db.ChangeTracker.Clear();
            return null;
        }

        if (!row.Done)
        {
            if (row.ClaimedUntil is { } held && held >= now)
            {
                return null;
            }

            var taken = await schedules.Where(s => s.WorkflowId == workflowId && !s.Done && s.ClaimedUntil == row.ClaimedUntil)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ClaimedUntil, until), cancellationToken);
            return taken == 1 ? new Claim(row.Occurrence, until, row.Offset) : null;
        }

        var next = cron.GetNextOccurrence(DateTime.SpecifyKind(row.Occurrence, DateTimeKind.Utc), zone);
        if (next is not { } due || due > now)
        {
            return null;
        }

        while (cron.GetNextOccurrence(due, zone) is { } later && later <= now)
        {
            due = later;
        }

        var claimed = await schedules.Where(s => s.WorkflowId == workflowId && s.Done && s.Occurrence == row.Occurrence)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Occurrence, due).SetProperty(x => x.Offset, 0).SetProperty(x => x.Done, false)
                .SetProperty(x => x.ClaimedUntil, until), cancellationToken);
        return claimed == 1 ? new Claim(due, until, 0) : null;
    }

    private async Task<int> SweepAsync(ActiveTrigger trigger, IRecordType type, Claim claim, CancellationToken cancellationToken)
    {
        var definition = WorkflowDefinition.FromJson(await db.Set<WorkflowVersion>().AsNoTracking().Where(v => v.Id == trigger.VersionId)
            .Select(v => v.Definition).FirstAsync(cancellationToken));
        var key = "s:" + claim.Occurrence.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var offset = claim.Offset;
        var until = claim.Until;
        var started = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var page = await type.PageFieldsAsync(offset, PageSize, cancellationToken);
            var ids = page.Select(p => p.Id).ToList();
            var already = await db.Set<WorkflowRun>().AsNoTracking().Where(r => r.WorkflowId == trigger.WorkflowId && r.TriggerKey == key && ids.Contains(r.RecordId))
                .Select(r => r.RecordId).ToListAsync(cancellationToken);
            var now = clock.UtcNow;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var (id, values) in page.Where(p => !already.Contains(p.Id) && Conditions.Holds(definition.Conditions, p.Values, new Dictionary<string, string?>())))
            {
                var run = WorkflowRun.Start(trigger.WorkflowId, trigger.VersionId, type.Type, id, now);
                run.TriggerKey = key;
                db.Add(run);
                started++;
            }

            await db.SaveChangesAsync(cancellationToken);
            offset += page.Count;
            var done = page.Count < PageSize;
            var next = now + options.Value.ClaimLease;
            // Saved only while this instance still holds the sweep; otherwise its runs roll back and the holder makes them.
            var kept = await db.Set<WorkflowSchedule>().Where(s => s.WorkflowId == trigger.WorkflowId && s.ClaimedUntil == until && !s.Done)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Offset, offset).SetProperty(x => x.Done, done).SetProperty(x => x.ClaimedUntil, next), cancellationToken);
            if (kept != 1)
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return 0;
            }

            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            until = next;
            if (done)
            {
                break;
            }
        }

        return started;
    }
}

/// <summary>The scheduled workflows' job: looks every minute for occurrences that are due.</summary>
public sealed class ScheduledWorkflowsJob(ScheduledTriggers triggers) : ICrmJob
{
    public const string Key = "workflow.schedule";

    public Task ExecuteAsync(CancellationToken cancellationToken) => triggers.RunDueAsync(cancellationToken);
}
