namespace Crm.SharedKernel.Jobs;

/// <summary>
/// A background job. Modules write jobs against this interface; the platform runs them on Quartz
/// with a persistent, clustered store and records every run.
/// </summary>
public interface ICrmJob
{
    Task ExecuteAsync(CancellationToken cancellationToken);
}
