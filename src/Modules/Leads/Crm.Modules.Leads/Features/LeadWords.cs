using Crm.Modules.Leads.Domain;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Modules;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Leads.Features;

/// <summary>Keeps <see cref="LeadSearchWord"/> in step with leads' names and companies.</summary>
public static class LeadWords
{
    /// <summary>Replaces the words of leads already saved (an edit, a merge, an import's updates).</summary>
    public static async Task RefreshAsync(DbContext db, IReadOnlyCollection<Lead> leads, CancellationToken cancellationToken)
    {
        if (leads.Count == 0)
        {
            return;
        }

        var ids = leads.Select(x => x.Id).ToList();
        await db.Set<LeadSearchWord>().Where(w => ids.Contains(w.LeadId)).ExecuteDeleteAsync(cancellationToken);
        db.AddRange(leads.SelectMany(LeadSearchWord.For));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The words of leads just written by the bulk inserter, written the same way.</summary>
    public static Task InsertAsync(IBulkInserter bulk, IReadOnlyCollection<Lead> created, CancellationToken cancellationToken) =>
        bulk.InsertAsync(created.SelectMany(LeadSearchWord.For).ToList(), cancellationToken);
}

/// <summary>
/// Fills in the words of leads that have none: those saved before the words existed, or whose words were lost between a
/// save and its refresh. Batched, and safe to run on several instances at once (a lead done twice is done the same way).
/// </summary>
public sealed class LeadsInitializer(DbContext db, IBulkInserter bulk) : IModuleInitializer
{
    private const int BatchSize = 2000;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var after = Guid.Empty;
        while (true)
        {
            var batch = await db.Set<Lead>().IgnoreQueryFilters().AsNoTracking()
                .Where(x => x.Id.CompareTo(after) > 0 && !db.Set<LeadSearchWord>().Any(w => w.LeadId == x.Id))
                .OrderBy(x => x.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return;
            }

            await bulk.InsertAsync(batch.SelectMany(LeadSearchWord.For).ToList(), cancellationToken);
            after = batch[^1].Id;
        }
    }
}
