using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;

namespace Crm.Infrastructure.Jobs;

/// <summary>
/// Hangfire's filters, with its automatic retry replaced by <see cref="CatalogRetry"/>: retries per job from the catalog
/// (<see cref="JobRegistration.Retries"/>) instead of the global ten attempts. Every job's first argument is its key.
/// </summary>
public sealed class JobRetryFilters(JobCatalog catalog, JobOptions options) : IJobFilterProvider
{
    public IEnumerable<JobFilter> GetFilters(Job job)
    {
        foreach (var filter in JobFilterProviders.Providers.GetFilters(job))
        {
            if (filter.Instance is not AutomaticRetryAttribute)
            {
                yield return filter;
            }
        }

        yield return new JobFilter(new CatalogRetry(catalog.RetriesOf(job), options.RetryDelaySeconds), JobFilterScope.Global, null);
    }
}

/// <summary>
/// Turns a failed run into a scheduled retry while the job has retries left. Runs are counted from the job's own state
/// history, not from a counter: a counter written outside the state change's transaction is bumped again each time the
/// store refuses that change and Hangfire tries it anew, which spends retries that never ran.
/// </summary>
public sealed class CatalogRetry(int attempts, int firstDelaySeconds) : IElectStateFilter
{
    public int Attempts { get; } = attempts;

    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not FailedState failed || Attempts <= 0)
        {
            return;
        }

        var runs = RunsOf(context.Storage, context.BackgroundJob.Id);
        if (runs <= Attempts)
        {
            context.CandidateState = new ScheduledState(DelayBefore(runs))
            {
                Reason = $"Retry {runs} of {Attempts}: {Shorten(failed.Exception?.Message)}",
            };
        }
    }

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based): the first delay, doubled for each later one.</summary>
    public TimeSpan DelayBefore(int retry) => TimeSpan.FromSeconds((double)firstDelaySeconds * (1L << Math.Clamp(retry - 1, 0, 20)));

    /// <summary>How many times the job has started: the Processing states in its history.</summary>
    public static int RunsOf(JobStorage storage, string jobId) =>
        storage.GetMonitoringApi().JobDetails(jobId)?.History.Count(h => h.StateName == ProcessingState.StateName) ?? 0;

    private static string Shorten(string? message) =>
        message is null ? "" : message.Length <= 200 ? message : message[..200] + "…";
}
