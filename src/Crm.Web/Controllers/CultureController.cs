using System.Security.Claims;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Controllers;

/// <summary>The language switch: remembered in a cookie, and on the user's profile when signed in.</summary>
[AllowAnonymous]
[AutoValidateAntiforgeryToken]
public sealed class CultureController(IMediator mediator) : Controller
{
    [HttpPost]
    public async Task<IActionResult> Set(string culture, string? returnUrl, CancellationToken cancellationToken)
    {
        if (!SupportedCultures.All.Contains(culture))
        {
            return BadRequest();
        }

        CultureCookie.Set(Response, culture);
        if (Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            await mediator.Publish(new CultureChosen(userId, culture), cancellationToken);
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
