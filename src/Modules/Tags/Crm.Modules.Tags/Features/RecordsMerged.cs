using Crm.Modules.Tags.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Tags.Features;

/// <summary>When two records are merged, the survivor carries the tags of both (each once).</summary>
public sealed class RecordsMergedHandler(DbContext db) : INotificationHandler<RecordsMerged>
{
    public async Task Handle(RecordsMerged notification, CancellationToken cancellationToken)
    {
        var (type, from, to) = (notification.Type, notification.MergedId, notification.SurvivorId);
        var links = db.Set<TagLink>();
        await links.Where(m => m.RecordType == type && m.RecordId == from && links.Any(s => s.RecordType == type && s.RecordId == to && s.TagId == m.TagId))
            .ExecuteDeleteAsync(cancellationToken);
        await links.Where(m => m.RecordType == type && m.RecordId == from).ExecuteUpdateAsync(u => u.SetProperty(m => m.RecordId, to), cancellationToken);
    }
}
