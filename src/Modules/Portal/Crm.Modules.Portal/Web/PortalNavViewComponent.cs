using Crm.Modules.Portal.Features;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Modules.Portal.Web;

public sealed record PortalNavModel(IReadOnlyList<PortalMenuItem> Items, string? Colour, string Current);

/// <summary>The portal's menu of sections, in the administrator's order and words, with the brand colour.</summary>
public sealed class PortalNavViewComponent(PortalMenu menu) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var items = await menu.ItemsAsync(false, HttpContext.RequestAborted);
        var settings = await menu.SettingsAsync(HttpContext.RequestAborted);
        return View("~/Areas/Portal/Views/Shared/Components/PortalNav/Default.cshtml", new PortalNavModel(items, settings.Colour, HttpContext.Request.Path.Value ?? ""));
    }
}
