using Crm.Modules.Notifications.Features;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Notifications.Web;

/// <summary>
/// The bell in the top bar with the unread count (kept in memory, so most pages ask the database nothing); the latest
/// notifications are fetched when the bell is opened.
/// </summary>
public sealed class NotificationBellViewComponent(DbContext db, ICurrentUser user, UnreadCounts unread) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync() =>
        View("~/Areas/Notifications/Views/Shared/Components/NotificationBell/Default.cshtml",
            user.UserId is { } me ? await unread.GetAsync(db, me, HttpContext.RequestAborted) : 0);
}
