using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Crm.Infrastructure.Jobs;

/// <summary>
/// Refreshes SQLite's planner statistics every night. Without them SQLite chooses among the covering report indexes
/// by their shape alone and can pick one that reads millions of rows. Every index is read whole: a sample
/// (<c>analysis_limit</c>) reads only an index's first entries, which made a yes/no column such as <c>IsDeleted</c> look as
/// selective as an id; the whole run takes about ten seconds for a million deals and five million stage entries.
/// PostgreSQL's autovacuum keeps its own statistics, so there it does nothing.
/// </summary>
public sealed class RefreshStatisticsJob(CrmDbContext db) : ICrmJob
{
    public const string Key = "platform.refresh-statistics";

    /// <summary>What the job runs on SQLite; the benchmarks run it too after seeding.</summary>
    public const string SqliteStatements = "PRAGMA analysis_limit=0; ANALYZE;";

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync(SqliteStatements, cancellationToken);
        }
    }
}
