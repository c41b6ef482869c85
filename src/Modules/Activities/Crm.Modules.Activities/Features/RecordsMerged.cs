using Crm.Modules.Activities.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Activities.Features;

/// <summary>
/// When two customers are merged, the merged one's timeline and comments move to the survivor; when a record is
/// converted into another (a lead into a contact), they move to what it became. Nothing is lost from sight.
/// </summary>
public sealed class RecordsMergedHandler(DbContext db) : INotificationHandler<RecordsMerged>, INotificationHandler<RecordConverted>
{
    public async ValueTask Handle(RecordsMerged notification, CancellationToken cancellationToken) =>
        await MoveAsync(new RecordRef(notification.Type, notification.MergedId), new RecordRef(notification.Type, notification.SurvivorId), cancellationToken);

    public async ValueTask Handle(RecordConverted notification, CancellationToken cancellationToken) => await MoveAsync(notification.From, notification.To, cancellationToken);

    private async Task MoveAsync(RecordRef from, RecordRef to, CancellationToken cancellationToken)
    {
        await db.Set<Activity>().IgnoreQueryFilters().Where(a => a.RecordType == from.Type && a.RecordId == from.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.RecordType, to.Type).SetProperty(a => a.RecordId, to.Id), cancellationToken);
        await db.Set<Comment>().IgnoreQueryFilters().Where(c => c.RecordType == from.Type && c.RecordId == from.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.RecordType, to.Type).SetProperty(c => c.RecordId, to.Id), cancellationToken);
    }
}
