namespace Crm.SharedKernel.Jobs;

public interface IJobRegistry
{
    /// <summary>Schedules <typeparamref name="TJob"/> by a Quartz cron expression (seconds first).</summary>
    /// <param name="key">Stable job key, e.g. <c>identity.deactivate-expired-users</c>.</param>
    /// <param name="cron">Cron schedule, e.g. <c>0 5 0 * * ?</c> for 00:05 every day.</param>
    /// <param name="descriptionKey">Resource key of the job's description in the module's resources.</param>
    /// <param name="resourceType">The module's resource marker type.</param>
    void Add<TJob>(string key, string cron, string descriptionKey, Type resourceType)
        where TJob : class, ICrmJob;
}

/// <summary>How the background jobs fared since a moment: for the administrator's dashboard.</summary>
public interface IJobMonitor
{
    Task<JobHealth> HealthAsync(DateTime sinceUtc, CancellationToken cancellationToken);
}

/// <param name="LastFailedJob">The key of the job that failed last, if any failed.</param>
public sealed record JobHealth(int Runs, int Failed, string? LastFailedJob, DateTime? LastFailedAt);
