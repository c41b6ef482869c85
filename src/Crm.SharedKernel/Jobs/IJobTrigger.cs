namespace Crm.SharedKernel.Jobs;

/// <summary>Starts background work outside the schedules: a declared job now, or a task with arguments now or later.</summary>
public interface IJobTrigger
{
    /// <summary>Runs a scheduled job now, in the background, instead of waiting for its schedule.</summary>
    Task TriggerAsync(string jobKey, CancellationToken cancellationToken);

    /// <summary>Queues one run of a task; returns its id.</summary>
    string Enqueue<TJob, TArguments>(TArguments arguments)
        where TJob : class, ICrmJob<TArguments>;

    /// <summary>Queues one run of a task for an instant (at once if it has passed); returns its id, for <see cref="Cancel"/>.</summary>
    string Schedule<TJob, TArguments>(TArguments arguments, DateTimeOffset at)
        where TJob : class, ICrmJob<TArguments>;

    /// <summary>Cancels a task that has not started; false if it already ran, runs, or is unknown.</summary>
    bool Cancel(string jobId);
}
