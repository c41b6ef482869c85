using Crm.SharedKernel.Jobs;

namespace Crm.Infrastructure.Imports;

/// <summary>Runs imports waiting in the queue. Started at once when an import is queued, and every minute as a safety net.</summary>
public sealed class RunQueuedImportsJob(ImportRunner runner) : ICrmJob
{
    public const string Key = "platform.imports";

    public Task ExecuteAsync(CancellationToken cancellationToken) => runner.RunQueuedAsync(cancellationToken);
}
