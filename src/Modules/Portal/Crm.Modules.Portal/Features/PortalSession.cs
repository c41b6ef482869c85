using System.Security.Claims;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Portal.Contracts;
using Crm.Modules.Portal.Domain;
using Crm.SharedKernel.Messaging;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Modules.Portal.Features;

/// <summary>
/// The customers' sign-in: its own cookie scheme, separate from the staff's. The cookie is sent only under
/// <c>/portal</c>, carries none of the claims staff pages read (no user id, role or permission), and is checked
/// against the account on every request, so a disabled account or a "sign out everywhere" takes effect at once.
/// </summary>
public static class PortalSession
{
    public const string Scheme = PortalPages.Scheme;
    public const string AccountClaim = PortalPages.AccountClaim;
    public const string ContactClaim = PortalPages.ContactClaim;
    public const string StampClaim = "portal:stamp";

    public static void Configure(CookieAuthenticationOptions options, PortalOptions settings)
    {
        options.Cookie.Name = "crm.portal";
        options.Cookie.Path = "/portal";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.LoginPath = "/portal/sign-in";
        options.LogoutPath = "/portal/sign-out";
        options.AccessDeniedPath = "/portal/sign-in";
        options.ReturnUrlParameter = "returnUrl";
        options.SlidingExpiration = true;
        options.ExpireTimeSpan = settings.SessionIdle;
        options.Events.OnValidatePrincipal = ValidateAsync;
    }

    public static ClaimsPrincipal Principal(PortalAccount account) =>
        new(new ClaimsIdentity(
        [
            new Claim(AccountClaim, account.Id.ToString()),
            new Claim(ContactClaim, account.ContactId.ToString()),
            new Claim(StampClaim, account.SessionStamp.ToString()),
            new Claim(ClaimTypes.Name, account.Name),
        ], Scheme, ClaimTypes.Name, null));

    /// <summary>The signed-in account's id, or null when the request is not a portal session.</summary>
    public static Guid? AccountId(ClaimsPrincipal user) =>
        user.Identity?.AuthenticationType == Scheme && Guid.TryParse(user.FindFirstValue(AccountClaim), out var id) ? id : null;

    public static Guid? ContactId(ClaimsPrincipal user) =>
        AccountId(user) is not null && Guid.TryParse(user.FindFirstValue(ContactClaim), out var id) ? id : null;

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var services = context.HttpContext.RequestServices;
        var cancellationToken = context.HttpContext.RequestAborted;
        var account = principal is not null && Guid.TryParse(principal.FindFirstValue(AccountClaim), out var id) && Guid.TryParse(principal.FindFirstValue(StampClaim), out var stamp)
            ? await services.GetRequiredService<DbContext>().Set<PortalAccount>().AsNoTracking()
                .Where(a => a.Id == id && a.Enabled && a.SessionStamp == stamp).Select(a => new { a.ContactId, a.SeesOrganization }).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (account is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }

        // Which organizations' records the contact sees is read afresh on every request, like the account itself,
        // so staff turning it off (or removing the contact from an organization) takes effect at once.
        var identity = (ClaimsIdentity)principal!.Identity!;
        foreach (var claim in identity.FindAll(PortalPages.OrganizationClaim).ToList())
        {
            identity.RemoveClaim(claim);
        }

        if (account.SeesOrganization)
        {
            foreach (var organization in await services.GetRequiredService<IMediator>().Send(new GetContactOrganizations(account.ContactId), cancellationToken))
            {
                identity.AddClaim(new Claim(PortalPages.OrganizationClaim, organization.ToString()));
            }
        }
    }
}
