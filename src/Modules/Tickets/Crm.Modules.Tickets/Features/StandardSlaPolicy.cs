using Crm.Modules.Tickets.Domain;
using Crm.SharedKernel.Modules;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Tickets.Features;

/// <summary>
/// A new install answers tickets under a standard policy (first response in 4 working hours, the next in 8, resolution in
/// 5 working days) that administrators change or replace; made once, under a fixed id, so two instances starting
/// together make one.
/// </summary>
public sealed class StandardSlaPolicy(DbContext db) : IModuleInitializer
{
    public static readonly Guid Id = new("0193a5c0-0000-7000-8000-000000005a1a");

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (await db.Set<SlaPolicy>().IgnoreQueryFilters().AnyAsync(p => p.Id == Id, cancellationToken))
        {
            return;
        }

        var standard = SlaPolicy.WithId(Id);
        (standard.Name, standard.Position) = ("Standard", 1000);
        (standard.FirstResponseMinutes, standard.NextResponseMinutes, standard.ResolutionMinutes) = (4 * 60, 8 * 60, 5 * 8 * 60);
        db.Add(standard);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
        }
    }
}
