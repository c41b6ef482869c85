using Crm.Modules.Sales.Domain;
using Microsoft.EntityFrameworkCore;
using Crm.SharedKernel.Caching;
using Microsoft.Extensions.Caching.Memory;

namespace Crm.Modules.Sales.Features;

/// <summary>
/// The sales processes and their stages, as the board, forms and moves read them. They change rarely and are read by
/// every board page, column load and move, so they are kept in memory for a minute and forgotten when a process is
/// saved, in this instance at once and in the others on the database within a second.
/// </summary>
public sealed class Pipeline(DbContext db, IMemoryCache cache, ISharedCacheInvalidation invalidation)
{
    private const string CacheKey = "sales.processes";

    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(1);

    /// <summary>Every process with all its stages (switched-off ones too) and checklists; the default first. Read-only.</summary>
    public async Task<IReadOnlyList<SalesProcess>> ProcessesAsync(CancellationToken cancellationToken) =>
        (await cache.GetOrCreateAsync(CacheKey, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = KeptFor;
            return await db.Set<SalesProcess>().AsNoTracking().Include(p => p.Stages.OrderBy(s => s.Position)).ThenInclude(s => s.Checklist.OrderBy(c => c.Position))
                .AsSplitQuery().OrderByDescending(p => p.IsDefault).ThenBy(p => p.Name).ToListAsync(cancellationToken);
        }))!;

    /// <summary>After a process was saved: the next read goes to the database.</summary>
    public void Forget() => invalidation.Remove(CacheKey);

    /// <summary>The process asked for, else the default one, else the first.</summary>
    public async Task<SalesProcess?> ProcessAsync(Guid? id, CancellationToken cancellationToken)
    {
        var processes = await ProcessesAsync(cancellationToken);
        if (id is { } wanted && processes.All(p => p.Id != wanted))
        {
            // Made by another app instance within the cache's minute: read again rather than answer for the default.
            Forget();
            processes = await ProcessesAsync(cancellationToken);
        }

        return processes.FirstOrDefault(p => p.Id == id) ?? processes.FirstOrDefault(p => p.IsDefault) ?? (processes.Count > 0 ? processes[0] : null);
    }

    /// <summary>Every stage ever defined (switched-off ones too), by id: history and lists show their names.</summary>
    public async Task<IReadOnlyDictionary<Guid, Stage>> StagesAsync(CancellationToken cancellationToken) =>
        (await ProcessesAsync(cancellationToken)).SelectMany(p => p.Stages).ToDictionary(s => s.Id);
}
