using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.Modules.Messaging.Features;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Messaging.Web;

/// <summary>
/// The unsubscribe link of marketing messages: anyone holding a valid signed link may stop marketing messages to
/// that one address, without signing in. The GET only asks; the POST records the opt-out. The POST takes no
/// anti-forgery token because mail clients post to it directly (one-click unsubscribe, RFC 8058); the signed link
/// is what authorises it, and it can only ever add an opt-out for its own address.
/// </summary>
[Area(MessagingModule.ModuleName)]
[AllowAnonymous]
[EnableRateLimiting(RateLimitPolicies.Public)]
public sealed class UnsubscribeController(DbContext db, UnsubscribeLinks links, IClock clock, IMediator mediator) : Controller
{
    [HttpGet]
    public IActionResult Index(string? t) =>
        links.TryRead(t, out var channel, out var address)
            ? View(new UnsubscribeModel(t!, channel, Mask(channel, address), Done: false))
            : View("Invalid");

    [HttpPost]
    [IgnoreAntiforgeryToken]
    [ActionName("Index")]
    public async Task<IActionResult> Confirm(string? t, CancellationToken cancellationToken)
    {
        if (!links.TryRead(t, out var channel, out var address, out var messageId))
        {
            return View("Invalid");
        }

        if (!await db.Set<OptOut>().AnyAsync(o => o.Channel == channel && o.AddressKey == address, cancellationToken))
        {
            db.Add(new OptOut { Channel = channel, AddressKey = address, At = clock.UtcNow, Source = "link" });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await mediator.Publish(new MarketingRefused(channel, messageId, "link", clock.UtcNow), cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Two clicks at once: the other one recorded it.
            }
        }

        return View(new UnsubscribeModel(t!, channel, Mask(channel, address), Done: true));
    }

    /// <summary>Enough of the address to recognise it, not enough to harvest it from a forwarded link.</summary>
    private static string Mask(MessageChannel channel, string address)
    {
        if (channel == MessageChannel.Sms)
        {
            return address.Length > 4 ? "0" + address[..3] + new string('•', address.Length - 5) + address[^2..] : address;
        }

        var at = address.IndexOf('@', StringComparison.Ordinal);
        return at > 1 ? address[0] + new string('•', at - 1) + address[at..] : address;
    }
}

public sealed record UnsubscribeModel(string Token, MessageChannel Channel, string Address, bool Done);
