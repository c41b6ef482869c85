using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Controllers;

/// <summary>Localized error pages, rendered by re-execution so the original status code is kept.</summary>
[AllowAnonymous]
[Route("errors")]
public sealed class ErrorsController : Controller
{
    // From the route only: the error page re-executes the failed request, whose form may have its own "code" field.
    [Route("{code:int}")]
    public IActionResult Status([FromRoute] int code)
    {
        // A re-executed request can reach here without its route values; the path still says which page it is.
        if (code is < 400 or > 599)
        {
            code = int.TryParse(Request.Path.Value?.Split('/').LastOrDefault(), out var fromPath) && fromPath is >= 400 and <= 599 ? fromPath : 500;
        }

        Response.StatusCode = code;
        return View("Status", code);
    }
}
