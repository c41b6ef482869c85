using System.Globalization;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Localization;

namespace Crm.Web.ViewComponents;

public sealed record SidebarLink(string Title, string Area, string Controller, string Href, string Icon, string Group);

/// <summary>
/// The sidebar, built from the modules' menu entries the current user may see. It is on every page, so the links
/// (titles and URLs) are built once per language and set of visible entries, and kept.
/// </summary>
public sealed class SidebarViewComponent(IEnumerable<ICrmModule> modules, ICurrentUser currentUser, IStringLocalizerFactory localizers, IMemoryCache cache) : ViewComponent
{
    private static readonly MenuEntry[] PlatformMenu =
    [
        new("Menu_Jobs", typeof(SharedResource), "", "Jobs", "Index", "clock-history", PlatformPermissions.ManageJobs, MenuGroups.Administration, 90),
        new("Menu_Calendar", typeof(SharedResource), "", "Calendar", "Index", "calendar-week", PlatformPermissions.ManageCalendar, MenuGroups.Administration, 91),
    ];

    public IViewComponentResult Invoke()
    {
        var entries = cache.GetOrCreate("sidebar:entries", _ => modules.SelectMany(m => m.MenuEntries).Concat(PlatformMenu)
            .OrderBy(e => e.Group == MenuGroups.Main ? 0 : 1).ThenBy(e => e.Order).ToArray())!;
        var visible = new char[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            visible[i] = entries[i].Permission is null || currentUser.HasPermission(entries[i].Permission!) ? '1' : '0';
        }

        var key = "sidebar:" + CultureInfo.CurrentUICulture.Name + ":" + new string(visible);
        var links = cache.GetOrCreate(key, _ => entries.Where((_, i) => visible[i] == '1')
            .Select(e => new SidebarLink(localizers.Create(e.ResourceType)[e.TitleKey], e.Area, e.Controller,
                Url.Action(e.Action, e.Controller, new { area = e.Area }) ?? "/", e.Icon, e.Group))
            .ToList());
        return View(links);
    }
}
