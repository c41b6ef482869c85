using System.Text.RegularExpressions;
using Hangfire;
using Hangfire.Server;
using Hangfire.States;
using Microsoft.Extensions.Logging;

namespace Crm.Infrastructure.Jobs;

/// <summary>
/// When the store refuses a job's state change ten times running (a busy SQLite file, a lost connection), Hangfire records
/// the job as failed with its filters switched off: its retries are skipped, and a run that finished shows as failed.
/// This process, in every instance that runs jobs, finds those jobs and puts them back on their way: a run that never
/// started goes back to the queue, a failed run with retries left is scheduled as its next retry, and a run that finished
/// is marked succeeded. Each change expects the job still failed, so two instances never both rescue one job.
/// </summary>
public sealed partial class StateChangeRescue(IBackgroundJobClient client, JobCatalog catalog, JobOptions options, ILogger<StateChangeRescue> logger)
    : IBackgroundProcess
{
    /// <summary>How Hangfire's reasons for such a forced failure begin.</summary>
    public const string ForcedFailure = "Failed to change state";

    /// <summary>A job the store keeps refusing is left failed after this many rescues, for a person to look at.</summary>
    private const int MaxRescues = 5;

    /// <summary>The newest failed jobs looked at in each pass; forced failures are rare and recent.</summary>
    private const int Window = 500;

    public void Execute(BackgroundProcessContext context)
    {
        context.Wait(TimeSpan.FromSeconds(Math.Max(1, options.PollSeconds * 5)));
        if (context.IsStopping)
        {
            return;
        }

        try
        {
            Rescue(context.Storage);
        }
        catch (Exception ex)
        {
            // The store is still unwell; the next pass tries again.
            logger.LogWarning(ex, "Looking for jobs failed by a refused state change did not finish");
        }
    }

    /// <summary>One pass; returns how many jobs were put back.</summary>
    public int Rescue(JobStorage storage)
    {
        var monitoring = storage.GetMonitoringApi();
        var rescued = 0;
        foreach (var (jobId, failed) in monitoring.FailedJobs(0, Window))
        {
            if (failed?.Reason?.StartsWith(ForcedFailure, StringComparison.Ordinal) != true)
            {
                continue;
            }

            var details = monitoring.JobDetails(jobId);
            if (details is null || details.History.Count(h => h.Reason?.StartsWith(ForcedFailure, StringComparison.Ordinal) == true) > MaxRescues)
            {
                continue;
            }

            var next = NextState(failed.Reason, details.Job, CatalogRetry.RunsOf(storage, jobId));
            if (next is not null && client.ChangeState(jobId, next, FailedState.StateName))
            {
                logger.LogWarning("Job {JobId} was failed by a refused state change ({Reason}); it is now {State}", jobId, failed.Reason, next.Name);
                rescued++;
            }
        }

        return rescued;
    }

    private IState? NextState(string reason, Hangfire.Common.Job? job, int runs)
    {
        // "…to a 'Processing' one…", "…to the 'Enqueued' one…", or "…of a scheduled background job" (due, not yet queued).
        var target = Target().Match(reason) is { Success: true } m ? m.Groups[1].Value : EnqueuedState.StateName;
        const string Why = "Put back after the job store refused a state change";
        if (target == SucceededState.StateName)
        {
            return new SucceededState(null, 0, 0) { Reason = Why };
        }

        if (target == ProcessingState.StateName || target == EnqueuedState.StateName || target == ScheduledState.StateName)
        {
            return new EnqueuedState { Reason = Why };
        }

        if (target != FailedState.StateName)
        {
            return null;
        }

        var retry = new CatalogRetry(catalog.RetriesOf(job), options.RetryDelaySeconds);
        return runs <= retry.Attempts ? new ScheduledState(retry.DelayBefore(runs)) { Reason = $"{Why}; retry {runs} of {retry.Attempts}" } : null;
    }

    [GeneratedRegex("^Failed to change state to (?:a|the) '([A-Za-z]+)' one")]
    private static partial Regex Target();
}
