using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Messaging.Features;

/// <summary>The marketing templates other modules may start a message from; transactional ones (reminders, codes) are not offered.</summary>
public sealed class MarketingTemplates(DbContext db) :
    IRequestHandler<ListMarketingTemplates, IReadOnlyList<TemplateChoice>>,
    IRequestHandler<GetMarketingTemplate, TemplateText?>
{
    private const int ListSize = 200;

    public async ValueTask<IReadOnlyList<TemplateChoice>> Handle(ListMarketingTemplates request, CancellationToken cancellationToken) =>
        await db.Set<MessageTemplate>().AsNoTracking().Where(t => t.Channel == request.Channel && t.Category == MessageCategory.Marketing)
            .OrderBy(t => t.Name).ThenBy(t => t.Culture).Take(ListSize).Select(t => new TemplateChoice(t.Id, t.Name, t.Culture)).ToListAsync(cancellationToken);

    public async ValueTask<TemplateText?> Handle(GetMarketingTemplate request, CancellationToken cancellationToken) =>
        await db.Set<MessageTemplate>().AsNoTracking().Where(t => t.Id == request.Id && t.Category == MessageCategory.Marketing)
            .Select(t => new TemplateText(t.Channel, t.Subject, t.Body)).FirstOrDefaultAsync(cancellationToken);
}
