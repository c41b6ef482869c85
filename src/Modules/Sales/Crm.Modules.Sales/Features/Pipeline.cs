using Crm.Modules.Sales.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Sales.Features;

/// <summary>The sales processes and their stages, as the board, forms and moves read them.</summary>
public sealed class Pipeline(DbContext db)
{
    public Task<List<SalesProcess>> ProcessesAsync(CancellationToken cancellationToken) =>
        db.Set<SalesProcess>().AsNoTracking().Include(p => p.Stages.OrderBy(s => s.Position)).ThenInclude(s => s.Checklist.OrderBy(c => c.Position))
            .AsSplitQuery().OrderByDescending(p => p.IsDefault).ThenBy(p => p.Name).ToListAsync(cancellationToken);

    /// <summary>The process asked for, else the default one, else the first.</summary>
    public async Task<SalesProcess?> ProcessAsync(Guid? id, CancellationToken cancellationToken)
    {
        var processes = await ProcessesAsync(cancellationToken);
        return processes.FirstOrDefault(p => p.Id == id) ?? processes.FirstOrDefault(p => p.IsDefault) ?? processes.FirstOrDefault();
    }

    /// <summary>Every stage ever defined (switched-off ones too), by id: history and lists show their names.</summary>
    public async Task<Dictionary<Guid, Stage>> StagesAsync(CancellationToken cancellationToken) =>
        await db.Set<Stage>().AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);
}
