using Crm.Modules.Activities.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Activities.Features;

/// <summary>When two customers are merged, the merged one's timeline and comments move to the survivor, so nothing is lost from sight.</summary>
public sealed class RecordsMergedHandler(DbContext db) : INotificationHandler<RecordsMerged>
{
    public async Task Handle(RecordsMerged notification, CancellationToken cancellationToken)
    {
        var (type, from, to) = (notification.Type, notification.MergedId, notification.SurvivorId);
        await db.Set<Activity>().IgnoreQueryFilters().Where(a => a.RecordType == type && a.RecordId == from)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.RecordId, to), cancellationToken);
        await db.Set<Comment>().IgnoreQueryFilters().Where(c => c.RecordType == type && c.RecordId == from)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.RecordId, to), cancellationToken);
    }
}
