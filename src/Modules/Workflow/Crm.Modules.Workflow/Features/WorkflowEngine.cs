using System.Linq.Expressions;
using Crm.Modules.Workflow.Domain;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Workflow.Features;

/// <summary>
/// Moves runs on: claims a batch of due runs (started, woken from a wait, due for a retry, or left running by an instance
/// that stopped, once its lease has run out) with one conditional update, then takes each as far as it goes, one step per
/// transaction in a scope of its own. A queue message is never needed to wake a run: being due is a row's state.
/// </summary>
public sealed partial class WorkflowEngine(DbContext db, IServiceScopeFactory scopes, IClock clock, IOptions<WorkflowOptions> options, ILogger<WorkflowEngine> logger)
{
    /// <summary>Works until no run is due; returns how many runs were taken up.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var taken = 0;
        // SQLite takes one writer at a time; PostgreSQL runs several runs at once.
        var parallel = db.Database.ProviderName?.Contains("Sqlite", StringComparison.Ordinal) == true ? 1 : Math.Max(1, options.Value.Parallelism);
        while (!cancellationToken.IsCancellationRequested)
        {
            var token = Guid.CreateVersion7();
            var batch = await ClaimAsync(token, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            taken += batch.Count;
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken },
                async (runId, ct) => await AdvanceAsync(runId, token, ct));
        }

        return taken;
    }

    private async Task<List<Guid>> ClaimAsync(Guid token, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var due = Due(now);
        var candidates = db.Set<WorkflowRun>().Where(due).OrderBy(r => r.WakeAt).Select(r => r.Id).Take(options.Value.BatchSize);
        var stamp = Guid.NewGuid();
        // The due condition is repeated on the rows updated, so of two instances reaching for a run only one claims it;
        // the new version makes a step still being saved under an expired claim fail instead of happening twice.
        var claimed = await db.Set<WorkflowRun>().Where(r => candidates.Contains(r.Id)).Where(due)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.ClaimToken, token)
                .SetProperty(r => r.ClaimedUntil, now + options.Value.ClaimLease)
                .SetProperty(r => r.Version, stamp), cancellationToken);
        return claimed == 0 ? [] : await db.Set<WorkflowRun>().AsNoTracking().Where(r => r.ClaimToken == token).Select(r => r.Id).ToListAsync(cancellationToken);
    }

    private static Expression<Func<WorkflowRun, bool>> Due(DateTime now) =>
        r => (r.State == RunState.Pending || r.State == RunState.Running || r.State == RunState.Waiting)
             && r.WakeAt <= now && (r.ClaimedUntil == null || r.ClaimedUntil < now);

    private async Task AdvanceAsync(Guid runId, Guid token, CancellationToken cancellationToken)
    {
        var goOn = true;
        while (goOn && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                goOn = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ExecuteWorkflowStep(runId, token), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The step's transaction rolled back; the failure is recorded in a fresh scope (the failed one holds its
                // changes). A concurrency failure means another instance holds the run now: it is left to that one.
                LogStepFailed(logger, e, runId);
                goOn = false;
                if (e is not DbUpdateConcurrencyException)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<IMediator>()
                        .Send(new RecordStepFailure(runId, token, e is WorkflowStepException ? e.Message : e.GetType().Name + ": " + e.Message, e is WorkflowStepException), cancellationToken);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A step of workflow run {RunId} failed")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, Guid runId);
}

/// <summary>The engine's job: runs what is due, every few seconds.</summary>
public sealed class RunWorkflowsJob(WorkflowEngine engine) : ICrmJob
{
    public const string Key = "workflow.run";

    public Task ExecuteAsync(CancellationToken cancellationToken) => engine.RunDueAsync(cancellationToken);
}

/// <summary>Deletes finished runs, and their logs, older than the retention time, so the log does not grow without bound.</summary>
public sealed class PruneWorkflowRunsJob(DbContext db, IClock clock, IOptions<WorkflowOptions> options) : ICrmJob
{
    public const string Key = "workflow.prune";

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var before = clock.UtcNow.AddDays(-Math.Max(1, options.Value.RetentionDays));
        while (true)
        {
            var old = await db.Set<WorkflowRun>().AsNoTracking().Where(r => r.FinishedAt != null && r.FinishedAt < before)
                .OrderBy(r => r.FinishedAt).Select(r => r.Id).Take(1000).ToListAsync(cancellationToken);
            if (old.Count == 0)
            {
                return;
            }

            await db.Set<WorkflowStepLog>().Where(l => old.Contains(l.RunId)).ExecuteDeleteAsync(cancellationToken);
            await db.Set<WorkflowRun>().Where(r => old.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
        }
    }
}
