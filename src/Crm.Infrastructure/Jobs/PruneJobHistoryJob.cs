using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;

namespace Crm.Infrastructure.Jobs;

/// <summary>Keeps the job history to the last 30 days.</summary>
public sealed class PruneJobHistoryJob(CrmDbContext db, IClock clock) : ICrmJob
{
    public const string Key = "platform.prune-job-history";

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.UtcNow.AddDays(-30);
        await db.JobRuns.Where(r => r.StartedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
