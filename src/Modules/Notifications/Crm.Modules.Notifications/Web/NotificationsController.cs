using Crm.Modules.Notifications.Domain;
using Crm.Modules.Notifications.Features;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Notifications.Web;

/// <summary>The signed-in user's own notifications; nobody sees or marks another user's.</summary>
[Area(NotificationsModule.ModuleName)]
[AutoValidateAntiforgeryToken]
public sealed class NotificationsController(DbContext db, ICurrentUser user, IClock clock, UnreadCounts unread) : Controller
{
    public const int PageSize = 30;
    public const int LatestCount = 6;

    /// <summary>The bell's list: the latest few, fetched when the bell is opened.</summary>
    [HttpGet]
    public async Task<IActionResult> Latest(CancellationToken cancellationToken) =>
        PartialView("_Latest", await Mine().AsNoTracking().OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(LatestCount).ToListAsync(cancellationToken));

    [HttpGet]
    public async Task<IActionResult> Index(bool unread, int page = 1, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        var mine = Mine();
        if (unread)
        {
            mine = mine.Where(n => n.ReadAt == null);
        }

        var items = await mine.AsNoTracking().OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1).ToListAsync(cancellationToken);
        ViewBag.Unread = unread;
        ViewBag.Page = page;
        ViewBag.HasNext = items.Count > PageSize;
        return View(items.Take(PageSize).ToList());
    }

    /// <summary>Marks the notification read and follows its link.</summary>
    [HttpPost]
    public async Task<IActionResult> Open(Guid id, CancellationToken cancellationToken)
    {
        var notification = await Mine().FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (notification is null)
        {
            return NotFound();
        }

        notification.ReadAt ??= clock.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        unread.Forget(notification.UserId);
        return NotifyHandler.IsLocal(notification.Url) ? LocalRedirect(notification.Url!) : RedirectToAction(nameof(Index));
    }

    [HttpPost]
    public async Task<IActionResult> MarkAllRead(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        await Mine().Where(n => n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
        unread.Forget(user.UserId!.Value);
        return RedirectToAction(nameof(Index));
    }

    private IQueryable<Notification> Mine()
    {
        var me = user.UserId;
        return db.Set<Notification>().Where(n => n.UserId == me);
    }
}
