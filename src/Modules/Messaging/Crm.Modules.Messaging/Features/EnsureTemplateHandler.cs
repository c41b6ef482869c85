using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Messaging.Features;

public sealed class EnsureTemplateHandler(DbContext db) : IRequestHandler<EnsureTemplate, Unit>
{
    public async ValueTask<Unit> Handle(EnsureTemplate request, CancellationToken cancellationToken)
    {
        if (MessageText.Problems(request.Body).Count > 0 || MessageText.Problems(request.Subject).Count > 0)
        {
            throw new ArgumentException($"The built-in template {request.Key} uses unknown placeholders.", nameof(request));
        }

        if (!await db.Set<MessageTemplate>().IgnoreQueryFilters()
                .AnyAsync(t => t.Key == request.Key && t.Channel == request.Channel && t.Culture == request.Culture, cancellationToken))
        {
            db.Add(new MessageTemplate
            {
                Key = request.Key,
                Channel = request.Channel,
                Culture = request.Culture,
                Category = MessageCategory.Transactional,
                Name = request.Name,
                Subject = request.Subject,
                Body = request.Body,
            });
        }

        return Unit.Value;
    }
}
