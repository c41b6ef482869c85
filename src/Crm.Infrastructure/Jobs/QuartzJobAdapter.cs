using System.Diagnostics;
using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Crm.Infrastructure.Jobs;

/// <summary>
/// Runs a module's <see cref="ICrmJob"/> under Quartz in a scope of its own, and records the run
/// (start, duration, outcome) so the "Background jobs" page can show it.
/// </summary>
[DisallowConcurrentExecution]
public sealed class QuartzJobAdapter<TJob>(IServiceScopeFactory scopes, IClock clock, ILogger<QuartzJobAdapter<TJob>> logger) : IJob
    where TJob : class, ICrmJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var run = new JobRun { JobKey = context.JobDetail.Key.Name, StartedAt = clock.UtcNow, Instance = context.Scheduler.SchedulerInstanceId };
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TJob>().ExecuteAsync(cancellationToken);
            run.Succeeded = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Job {JobKey} failed", run.JobKey);
            run.Error = ex.GetType().Name + ": " + ex.Message;
        }
        finally
        {
            run.DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            run.FinishedAt = clock.UtcNow;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            db.JobRuns.Add(run);
            await db.SaveChangesAsync(CancellationToken.None);
        }
    }
}
