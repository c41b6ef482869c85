using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Hosting;

namespace Crm.Infrastructure.Jobs;

/// <summary>Writes the declared schedules to the job store at start, and removes the schedules of jobs no longer declared.</summary>
public sealed class JobSchedules(IRecurringJobManagerV2 recurring, JobStorage storage, JobCatalog catalog, JobOptions options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        foreach (var job in catalog.Scheduled)
        {
            var key = job.Key;
            recurring.AddOrUpdate<JobRunner>(key, r => r.RunScheduledAsync(key, CancellationToken.None), job.Cron!, new RecurringJobOptions { TimeZone = zone });
        }

        using var connection = storage.GetConnection();
        foreach (var stale in connection.GetRecurringJobs().Where(r => catalog.Find(r.Id) is not { Cron: not null }))
        {
            recurring.RemoveIfExists(stale.Id);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>When each scheduled job runs next and ran last, by key.</summary>
    public IReadOnlyDictionary<string, (DateTime? Next, DateTime? Previous)> Times()
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs(catalog.Scheduled.Select(j => j.Key).ToList())
            .ToDictionary(r => r.Id, r => (r.NextExecution, r.LastExecution));
    }
}
