using Crm.SharedKernel.Jobs;
using Hangfire;
using Hangfire.States;

namespace Crm.Infrastructure.Jobs;

public sealed class HangfireJobTrigger(IRecurringJobManagerV2 recurring, IBackgroundJobClient client, JobCatalog catalog) : IJobTrigger
{
    public Task TriggerAsync(string jobKey, CancellationToken cancellationToken)
    {
        recurring.TriggerJob(jobKey);
        return Task.CompletedTask;
    }

    public string Enqueue<TJob, TArguments>(TArguments arguments)
        where TJob : class, ICrmJob<TArguments>
    {
        var key = TaskKey<TJob>();
        return client.Enqueue<TaskRunner<TJob, TArguments>>(r => r.RunAsync(key, arguments, CancellationToken.None));
    }

    public string Schedule<TJob, TArguments>(TArguments arguments, DateTimeOffset at)
        where TJob : class, ICrmJob<TArguments>
    {
        var key = TaskKey<TJob>();
        // The store keeps the due time in whole seconds, cut down; rounded up here, a task never starts before its instant.
        var due = new DateTimeOffset((at.UtcTicks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        return client.Schedule<TaskRunner<TJob, TArguments>>(r => r.RunAsync(key, arguments, CancellationToken.None), due);
    }

    /// <summary>Only a task still waiting (scheduled or queued) is cancelled; one that has started runs to its end.</summary>
    public bool Cancel(string jobId) =>
        client.ChangeState(jobId, new DeletedState(), ScheduledState.StateName)
        || client.ChangeState(jobId, new DeletedState(), EnqueuedState.StateName);

    private string TaskKey<TJob>() =>
        catalog.Jobs.FirstOrDefault(j => j.Cron is null && j.JobType == typeof(TJob))?.Key
        ?? throw new InvalidOperationException($"Task '{typeof(TJob).Name}' is not declared (IJobRegistry.AddTask).");
}

/// <summary>With jobs switched off (<c>Jobs:Enabled = false</c>), queued work waits for an instance that runs jobs.</summary>
public sealed class NoJobTrigger : IJobTrigger
{
    public Task TriggerAsync(string jobKey, CancellationToken cancellationToken) => Task.CompletedTask;

    public string Enqueue<TJob, TArguments>(TArguments arguments)
        where TJob : class, ICrmJob<TArguments> => throw Disabled();

    public string Schedule<TJob, TArguments>(TArguments arguments, DateTimeOffset at)
        where TJob : class, ICrmJob<TArguments> => throw Disabled();

    public bool Cancel(string jobId) => false;

    private static InvalidOperationException Disabled() => new("Background jobs are switched off in this instance (Jobs:Enabled = false).");
}
