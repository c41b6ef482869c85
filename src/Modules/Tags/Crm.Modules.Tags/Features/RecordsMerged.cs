using Crm.Modules.Tags.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Tags.Features;

/// <summary>
/// When two records are merged, the survivor carries the tags of both (each once); when a record is converted into
/// another (a lead into a contact), its tags go with it.
/// </summary>
public sealed class RecordsMergedHandler(DbContext db) : INotificationHandler<RecordsMerged>, INotificationHandler<RecordConverted>
{
    public async ValueTask Handle(RecordsMerged notification, CancellationToken cancellationToken) =>
        await MoveAsync(new RecordRef(notification.Type, notification.MergedId), new RecordRef(notification.Type, notification.SurvivorId), cancellationToken);

    public async ValueTask Handle(RecordConverted notification, CancellationToken cancellationToken) => await MoveAsync(notification.From, notification.To, cancellationToken);

    private async Task MoveAsync(RecordRef from, RecordRef to, CancellationToken cancellationToken)
    {
        var links = db.Set<TagLink>();
        await links.Where(m => m.RecordType == from.Type && m.RecordId == from.Id
                && links.Any(s => s.RecordType == to.Type && s.RecordId == to.Id && s.TagId == m.TagId))
            .ExecuteDeleteAsync(cancellationToken);
        await links.Where(m => m.RecordType == from.Type && m.RecordId == from.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.RecordType, to.Type).SetProperty(m => m.RecordId, to.Id), cancellationToken);
    }
}
