using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Crm.Infrastructure.Jobs;

/// <summary>Reads the run history every job writes (<see cref="JobRun"/>).</summary>
public sealed class JobMonitor(CrmDbContext db) : IJobMonitor
{
    public async Task<JobHealth> HealthAsync(DateTime sinceUtc, CancellationToken cancellationToken)
    {
        var runs = db.Set<JobRun>().AsNoTracking().Where(r => r.StartedAt >= sinceUtc && r.FinishedAt != null);
        var total = await runs.CountAsync(cancellationToken);
        var failed = await runs.CountAsync(r => !r.Succeeded, cancellationToken);
        var last = await runs.Where(r => !r.Succeeded).OrderByDescending(r => r.StartedAt).Select(r => new { r.JobKey, r.StartedAt }).FirstOrDefaultAsync(cancellationToken);
        return new JobHealth(total, failed, last?.JobKey, last?.StartedAt);
    }
}
