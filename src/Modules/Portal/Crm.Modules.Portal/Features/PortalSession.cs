using System.Security.Claims;
using Crm.Modules.Portal.Domain;
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
    public const string Scheme = "Portal";
    public const string AccountClaim = "portal:account";
    public const string ContactClaim = "portal:contact";
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
        var valid = false;
        if (principal is not null && Guid.TryParse(principal.FindFirstValue(AccountClaim), out var id) && Guid.TryParse(principal.FindFirstValue(StampClaim), out var stamp))
        {
            var db = context.HttpContext.RequestServices.GetRequiredService<DbContext>();
            valid = await db.Set<PortalAccount>().AsNoTracking().AnyAsync(a => a.Id == id && a.Enabled && a.SessionStamp == stamp, context.HttpContext.RequestAborted);
        }

        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }
}
