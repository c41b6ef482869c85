using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Messaging.Features;

/// <summary>Counts for the administrator's dashboard; sent and failed messages count by when they were queued (the indexed date).</summary>
public sealed class OutboxHealthQuery(DbContext db) : IRequestHandler<GetOutboxHealth, OutboxHealth>
{
    public async ValueTask<OutboxHealth> Handle(GetOutboxHealth request, CancellationToken cancellationToken)
    {
        var messages = db.Set<OutboxMessage>().AsNoTracking();
        var waiting = messages.Where(m => m.Status == MessageStatus.Queued || m.Status == MessageStatus.Sending);
        return new OutboxHealth(
            await waiting.CountAsync(cancellationToken),
            await messages.CountAsync(m => m.CreatedAt >= request.SinceUtc && m.SentAt != null, cancellationToken),
            await messages.CountAsync(m => m.Status == MessageStatus.Failed && m.CreatedAt >= request.SinceUtc, cancellationToken),
            await waiting.MinAsync(m => (DateTime?)m.CreatedAt, cancellationToken));
    }
}
