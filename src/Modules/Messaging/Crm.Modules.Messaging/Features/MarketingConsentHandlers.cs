using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Messaging.Features;

public sealed class MarketingConsentHandlers(DbContext db, IClock clock) :
    IRequestHandler<GetMarketingConsent, MarketingConsent>,
    IRequestHandler<SetMarketingConsent, Unit>,
    IRequestHandler<FindMarketingRefusals, IReadOnlySet<string>>
{
    public async ValueTask<IReadOnlySet<string>> Handle(FindMarketingRefusals request, CancellationToken cancellationToken)
    {
        if (request.Addresses.Count > FindMarketingRefusals.MaxAddresses)
        {
            throw new ArgumentOutOfRangeException(nameof(request), "Too many addresses in one question.");
        }

        var byKey = request.Addresses.Where(a => !string.IsNullOrWhiteSpace(a)).GroupBy(a => SendMessageHandler.AddressKey(request.Channel, a))
            .ToDictionary(g => g.Key, g => g.ToList());
        var keys = byKey.Keys.ToList();
        var refused = await db.Set<OptOut>().AsNoTracking().Where(o => o.Channel == request.Channel && keys.Contains(o.AddressKey)).Select(o => o.AddressKey).ToListAsync(cancellationToken);
        return refused.SelectMany(k => byKey[k]).ToHashSet(StringComparer.Ordinal);
    }

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
