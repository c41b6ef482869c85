using Crm.Modules.Tags.Contracts;
using Crm.Modules.Tags.Domain;
using Crm.SharedKernel.Modules;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Tags.Features;

/// <summary>
/// Makes the system tags at start-up, so the first entries that carry one (two workflow runs writing "status changed"
/// at the same moment) find it made instead of both making it in parallel transactions.
/// </summary>
public sealed class SystemTagsInitializer(DbContext db) : IModuleInitializer
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var present = await db.Set<Tag>().IgnoreQueryFilters().Where(t => t.Kind == TagKind.System).Select(t => t.SystemKey).ToListAsync(cancellationToken);
        var missing = SystemTags.All.Except(present.OfType<string>()).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        foreach (var key in missing)
        {
            db.Add(Tag.ForSystem(key));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance starting at the same moment made them.
            db.ChangeTracker.Clear();
        }
    }
}
