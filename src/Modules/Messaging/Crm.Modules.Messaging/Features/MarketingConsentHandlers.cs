using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Messaging.Features;

public sealed class MarketingConsentHandlers(DbContext db, IClock clock) :
    IRequestHandler<GetMarketingConsent, MarketingConsent>,
    IRequestHandler<SetMarketingConsent, Unit>
{
    public async ValueTask<MarketingConsent> Handle(GetMarketingConsent request, CancellationToken cancellationToken)
    {
        var mobile = string.IsNullOrWhiteSpace(request.Mobile) ? null : SendMessageHandler.AddressKey(MessageChannel.Sms, request.Mobile);
        var email = string.IsNullOrWhiteSpace(request.Email) ? null : SendMessageHandler.AddressKey(MessageChannel.Email, request.Email);
        var refused = await db.Set<OptOut>().AsNoTracking()
            .Where(o => (o.Channel == MessageChannel.Sms && o.AddressKey == mobile) || (o.Channel == MessageChannel.Email && o.AddressKey == email))
            .Select(o => o.Channel).ToListAsync(cancellationToken);
        return new MarketingConsent(mobile is null ? null : !refused.Contains(MessageChannel.Sms), email is null ? null : !refused.Contains(MessageChannel.Email));
    }

    public async ValueTask<Unit> Handle(SetMarketingConsent request, CancellationToken cancellationToken)
    {
        var key = SendMessageHandler.AddressKey(request.Channel, request.Address);
        var existing = await db.Set<OptOut>().FirstOrDefaultAsync(o => o.Channel == request.Channel && o.AddressKey == key, cancellationToken);
        if (request.Allowed && existing is not null)
        {
            db.Remove(existing);
        }
        else if (!request.Allowed && existing is null && key.Length > 0)
        {
            db.Add(new OptOut { Channel = request.Channel, AddressKey = key, At = clock.UtcNow, Source = request.Source });
        }

        return Unit.Value;
    }
}
