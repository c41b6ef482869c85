using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Portal.Domain;
using Crm.Modules.Portal.Features;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Portal.Web;

public sealed record PortalHomeModel(string Name, BillingDetails? Details, DateTime? LastSignInAt, string? Welcome, IReadOnlyList<PortalMenuItem> Sections, MarketingConsent Consent);

/// <summary>The customer's start page: who they are to us, and their session.</summary>
[Area(PortalModule.ModuleName)]
[Authorize(AuthenticationSchemes = PortalSession.Scheme)]
[AutoValidateAntiforgeryToken]
public sealed class HomeController(DbContext db, IMediator mediator, PortalMenu menu, IDisplayFormatter fmt, IStringLocalizer<PortalResources> l) : Controller
{
    [HttpGet("/portal")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var account = await AccountAsync(cancellationToken);
        if (account is null)
        {
            return Challenge(PortalSession.Scheme);
        }

        var contact = new RecordRef(RecordTypes.Contact, account.ContactId);
        var details = (await mediator.Send(new GetBillingDetails([contact]), cancellationToken)).GetValueOrDefault(contact);
        var settings = await menu.SettingsAsync(cancellationToken);
        var welcome = fmt.IsPersian ? settings.WelcomeFa : settings.WelcomeEn;
        var consent = await mediator.Send(new GetMarketingConsent(details?.Mobile, details?.Email), cancellationToken);
        return View(new PortalHomeModel(account.Name, details, account.LastSignInAt, welcome, await menu.ItemsAsync(false, cancellationToken), consent));
    }

    /// <summary>The customer's own choice about marketing messages on one channel, to the address on their record.</summary>
    [HttpPost("/portal/consent")]
    public async Task<IActionResult> Consent(MessageChannel channel, bool allowed, CancellationToken cancellationToken)
    {
        var account = await AccountAsync(cancellationToken);
        if (account is null)
        {
            return Challenge(PortalSession.Scheme);
        }

        var contact = new RecordRef(RecordTypes.Contact, account.ContactId);
        var details = (await mediator.Send(new GetBillingDetails([contact]), cancellationToken)).GetValueOrDefault(contact);
        var address = channel switch
        {
            MessageChannel.Sms => details?.Mobile,
            MessageChannel.Email => details?.Email,
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(address))
        {
            return NotFound();
        }

        await mediator.Send(new SetMarketingConsent(channel, address, allowed, "portal"), cancellationToken);
        TempData["Message"] = l[allowed ? "Consent_Allowed" : "Consent_Refused"].Value;
        return Redirect("/portal");
    }

    /// <summary>Ends every session of the account, on every device, this one included.</summary>
    [HttpPost("/portal/sign-out-everywhere")]
    public async Task<IActionResult> SignOutEverywhere(CancellationToken cancellationToken)
    {
        var id = PortalSession.AccountId(User);
        await db.Set<PortalAccount>().Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.SessionStamp, Guid.NewGuid()), cancellationToken);
        await HttpContext.SignOutAsync(PortalSession.Scheme);
        return Redirect("/portal/sign-in");
    }

    private Task<PortalAccount?> AccountAsync(CancellationToken cancellationToken)
    {
        var id = PortalSession.AccountId(User);
        return db.Set<PortalAccount>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
    }
}
