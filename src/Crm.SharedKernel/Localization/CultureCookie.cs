using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;

namespace Crm.SharedKernel.Localization;

/// <summary>Remembers the interface language in the browser for a year.</summary>
public static class CultureCookie
{
    public static void Set(HttpResponse response, string culture) =>
        response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
}
