using System.Collections.Concurrent;
using System.Diagnostics;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Time;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Infrastructure.Jobs;

/// <summary>
/// What Hangfire calls: runs a declared job in a scope of its own and records the run (start, duration, outcome) for the
/// "Background jobs" page. A failure is recorded and thrown again, so that Hangfire retries it (<see cref="JobRetryFilters"/>).
/// </summary>
public sealed class JobRunner(IServiceScopeFactory scopes, JobCatalog catalog, JobInstance instance, JobRunLog history, IClock clock, ILogger<JobRunner> logger)
{
    // A scheduled run that finds the previous one still going in this instance is skipped: every job claims its own work
    // in the database, so another instance running the same job at the same time does nothing twice.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _running = new();

    [JobDisplayName("{0}")]
    public async Task RunScheduledAsync(string key, CancellationToken cancellationToken)
    {
        if (catalog.Find(key) is not { Cron: not null } job)
        {
            logger.LogWarning("Job {JobKey} is no longer declared; the run is skipped", key);
            return;
        }

        var gate = _running.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(0, cancellationToken))
        {
            logger.LogInformation("Job {JobKey} is still running in this instance; the run is skipped", key);
            return;
        }

        try
        {
            await RecordAsync(key, async () =>
            {
                await using var scope = scopes.CreateAsyncScope();
                await ((ICrmJob)scope.ServiceProvider.GetRequiredService(job.JobType)).ExecuteAsync(cancellationToken);
            });
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task RecordAsync(string key, Func<Task> work)
    {
        var run = new JobRun { JobKey = key, StartedAt = clock.UtcNow, Instance = instance.Name };
        var started = Stopwatch.GetTimestamp();
        try
        {
            await work();
            run.Succeeded = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Job {JobKey} failed", key);
            run.Error = ex.GetType().Name + ": " + ex.Message;
            throw;
        }
        finally
        {
            run.DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            run.FinishedAt = clock.UtcNow;
            history.Add(run);
        }
    }
}

/// <summary>What Hangfire calls for one run of a task (<see cref="ICrmJob{TArguments}"/>), in the scope Hangfire made for it.</summary>
public sealed class TaskRunner<TJob, TArguments>(JobRunner runner, TJob job)
    where TJob : class, ICrmJob<TArguments>
{
    [JobDisplayName("{0}")]
    public Task RunAsync(string key, TArguments arguments, CancellationToken cancellationToken) =>
        runner.RecordAsync(key, () => job.ExecuteAsync(arguments, cancellationToken));
}

/// <summary>Names this app instance in the run history (several share the work on PostgreSQL).</summary>
public sealed class JobInstance
{
    public string Name { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
}
