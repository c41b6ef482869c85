namespace Crm.SharedKernel.Jobs;

public interface IJobRegistry
{
    /// <summary>Schedules <typeparamref name="TJob"/> by a cron expression read in Asia/Tehran time.</summary>
    /// <param name="key">Stable job key, e.g. <c>identity.deactivate-expired-users</c>.</param>
    /// <param name="cron">Five fields (<c>20 0 * * *</c>: 00:20 every day) or six with seconds first (<c>*/10 * * * * *</c>).</param>
    /// <param name="descriptionKey">Resource key of the job's description in the module's resources.</param>
    /// <param name="resourceType">The module's resource marker type.</param>
    /// <param name="retries">How often a failed run is tried again before it is shown as failed. A job that runs every
    /// few seconds anyway, or whose work keeps its own retry state (the outbox), takes 0.</param>
    void Add<TJob>(string key, string cron, string descriptionKey, Type resourceType, int retries = JobRetries.Default)
        where TJob : class, ICrmJob;

    /// <summary>Declares a job that runs once per <see cref="IJobTrigger.Enqueue{TJob, TArguments}"/> or
    /// <see cref="IJobTrigger.Schedule{TJob, TArguments}"/>; <paramref name="key"/> names its runs in the history.</summary>
    void AddTask<TJob, TArguments>(string key, string descriptionKey, Type resourceType, int retries = JobRetries.Default)
        where TJob : class, ICrmJob<TArguments>;
}

public static class JobRetries
{
    /// <summary>Three more tries, the delay doubling each time from <c>Jobs:RetryDelaySeconds</c>.</summary>
    public const int Default = 3;
}

/// <summary>How the background jobs fared since a moment: for the administrator's dashboard.</summary>
public interface IJobMonitor
{
    Task<JobHealth> HealthAsync(DateTime sinceUtc, CancellationToken cancellationToken);
}

/// <param name="LastFailedJob">The key of the job that failed last, if any failed.</param>
public sealed record JobHealth(int Runs, int Failed, string? LastFailedJob, DateTime? LastFailedAt);
