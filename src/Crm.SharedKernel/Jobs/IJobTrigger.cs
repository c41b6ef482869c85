namespace Crm.SharedKernel.Jobs;

/// <summary>Starts a declared job now, in the background, instead of waiting for its schedule.</summary>
public interface IJobTrigger
{
    Task TriggerAsync(string jobKey, CancellationToken cancellationToken);
}
