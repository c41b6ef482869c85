using Crm.SharedKernel.Caching;
using Crm.Infrastructure.Lists;
using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Crm.Web.ViewComponents;

/// <summary>The "Saved views" menu of a list: the user's named filters for it, and saving the current one.</summary>
public sealed class SavedViewsViewComponent(CrmDbContext db, ICurrentUser user, IMemoryCache cache) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string listKey)
    {
        var views = await UserViewsAsync(db, cache, user.UserId);
        ViewData["ListKey"] = listKey;
        return View(views.Where(v => v.ListKey == listKey).ToList());
    }

    /// <summary>
    /// All of a user's saved views, kept a minute: the menu is on every list page. Saving or deleting a view drops the
    /// entry (<see cref="Forget"/>), so the user sees the change at once on this server.
    /// </summary>
    internal static async Task<IReadOnlyList<SavedView>> UserViewsAsync(CrmDbContext db, IMemoryCache cache, Guid? userId) =>
        await cache.GetOrCreateAsync(Key(userId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            return await db.SavedViews.AsNoTracking().Where(v => v.UserId == userId).OrderBy(v => v.Name).ToListAsync();
        }) ?? [];

    internal static void Forget(ISharedCacheInvalidation invalidation, Guid? userId) => invalidation.Remove(Key(userId));

    private static string Key(Guid? userId) => "saved-views:" + userId;
}
