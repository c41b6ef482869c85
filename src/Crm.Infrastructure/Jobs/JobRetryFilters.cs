using Hangfire;
using Hangfire.Common;

namespace Crm.Infrastructure.Jobs;

/// <summary>
/// Hangfire's filters, with its automatic retry set per job from the catalog (<see cref="JobRegistration.Retries"/>)
/// instead of the global ten attempts. Every job's first argument is its key.
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

        var attempts = job?.Args.Count > 0 && job.Args[0] is string key ? catalog.Find(key)?.Retries ?? 0 : 0;
        var retry = new AutomaticRetryAttribute { Attempts = attempts, OnAttemptsExceeded = AttemptsExceededAction.Fail };
        if (attempts > 0)
        {
            retry.DelaysInSeconds = [.. Enumerable.Range(0, attempts).Select(i => options.RetryDelaySeconds << i)];
        }

        yield return new JobFilter(retry, JobFilterScope.Global, null);
    }
}
