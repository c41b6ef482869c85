using Crm.SharedKernel.Jobs;
using Quartz;

namespace Crm.Infrastructure.Jobs;

public sealed class QuartzJobTrigger(ISchedulerFactory schedulers) : IJobTrigger
{
    public async Task TriggerAsync(string jobKey, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.TriggerJob(new JobKey(jobKey), cancellationToken);
    }
}

/// <summary>With the scheduler switched off (<c>Jobs:Enabled = false</c>), queued work waits for an instance that runs jobs.</summary>
public sealed class NoJobTrigger : IJobTrigger
{
    public Task TriggerAsync(string jobKey, CancellationToken cancellationToken) => Task.CompletedTask;
}
