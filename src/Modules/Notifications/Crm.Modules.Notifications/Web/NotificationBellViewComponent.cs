using Crm.Modules.Notifications.Domain;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Notifications.Web;

/// <summary>The bell in the top bar: the unread count and the latest few notifications.</summary>
public sealed class NotificationBellViewComponent(DbContext db, ICurrentUser user) : ViewComponent
{
    public const int Latest = 6;

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var mine = db.Set<Notification>().AsNoTracking().Where(n => n.UserId == user.UserId);
        var unread = await mine.CountAsync(n => n.ReadAt == null);
        var latest = await mine.OrderByDescending(n => n.CreatedAt).Take(Latest).ToListAsync();
        return View("~/Areas/Notifications/Views/Shared/Components/NotificationBell/Default.cshtml", new BellModel(unread, latest));
    }
}

public sealed record BellModel(int Unread, IReadOnlyList<Notification> Latest);
