namespace Crm.SharedKernel.Jobs;

/// <summary>
/// A background job that runs on a schedule (declared with <see cref="IJobRegistry.Add{TJob}"/>). Modules write jobs
/// against this interface and never see the scheduler; the platform runs them on Hangfire and records every run.
/// </summary>
public interface ICrmJob
{
    Task ExecuteAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A job that runs once with its arguments, enqueued now or scheduled for an instant through <see cref="IJobTrigger"/>
/// (declared with <see cref="IJobRegistry.AddTask{TJob, TArguments}"/>). The arguments are stored as JSON until the
/// job runs, so keep them small: ids and values, not entities.
/// </summary>
public interface ICrmJob<in TArguments>
{
    Task ExecuteAsync(TArguments arguments, CancellationToken cancellationToken);
}
