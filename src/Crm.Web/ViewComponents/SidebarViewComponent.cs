using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.ViewComponents;

public sealed record SidebarLink(string Title, string Area, string Controller, string Action, string Icon, string Group);

/// <summary>The sidebar, built from the modules' menu entries the current user may see.</summary>
public sealed class SidebarViewComponent(IEnumerable<ICrmModule> modules, ICurrentUser currentUser, IStringLocalizerFactory localizers) : ViewComponent
{
    private static readonly MenuEntry[] PlatformMenu =
    [
        new("Menu_Jobs", typeof(SharedResource), "", "Jobs", "Index", "clock-history", PlatformPermissions.ManageJobs, MenuGroups.Administration, 90),
    ];

    public IViewComponentResult Invoke()
    {
        var links = modules.SelectMany(m => m.MenuEntries).Concat(PlatformMenu)
            .Where(e => e.Permission is null || currentUser.HasPermission(e.Permission))
            .OrderBy(e => e.Group == MenuGroups.Main ? 0 : 1).ThenBy(e => e.Order)
            .Select(e => new SidebarLink(localizers.Create(e.ResourceType)[e.TitleKey], e.Area, e.Controller, e.Action, e.Icon, e.Group))
            .ToList();
        return View(links);
    }
}
