using Crm.Infrastructure.Lists;
using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Crm.SharedKernel.Caching;

namespace Crm.Web.Controllers;

/// <summary>A user's saved list filters. Each user sees and changes only their own.</summary>
[AutoValidateAntiforgeryToken]
public sealed class SavedViewsController(CrmDbContext db, ICurrentUser user, IClock clock, ISharedCacheInvalidation invalidation) : Controller
{
    [HttpPost]
    public async Task<IActionResult> Save(string listKey, string name, string? query, string? returnUrl, CancellationToken cancellationToken)
    {
        if (user.UserId is not { } userId || string.IsNullOrWhiteSpace(listKey) || string.IsNullOrWhiteSpace(name))
        {
            return BadRequest();
        }

        // Paging cursors are not part of a view.
        var filters = QueryHelpers(query);
        db.SavedViews.Add(new SavedView { UserId = userId, ListKey = listKey[..Math.Min(64, listKey.Length)], Name = name.Trim()[..Math.Min(100, name.Trim().Length)], Query = filters, CreatedAt = clock.UtcNow });
        await db.SaveChangesAsync(cancellationToken);
        ViewComponents.SavedViewsViewComponent.Forget(invalidation, userId);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }

    [HttpPost]
    public async Task<IActionResult> Delete(Guid id, string? returnUrl, CancellationToken cancellationToken)
    {
        await db.SavedViews.Where(v => v.Id == id && v.UserId == user.UserId).ExecuteDeleteAsync(cancellationToken);
        ViewComponents.SavedViewsViewComponent.Forget(invalidation, user.UserId);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }

    private static string QueryHelpers(string? query)
    {
        var parsed = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);
        var kept = parsed.Where(p => p.Key is not ("after" or "before" or "last"))
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v)));
        var result = Microsoft.AspNetCore.Http.QueryString.Create(kept).ToString();
        return result.Length > 2000 ? result[..2000] : result;
    }
}
