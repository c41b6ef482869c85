using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.ViewComponents;

/// <summary>The "Saved views" menu of a list: the user's named filters for it, and saving the current one.</summary>
public sealed class SavedViewsViewComponent(CrmDbContext db, ICurrentUser user) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string listKey)
    {
        var views = await db.SavedViews.AsNoTracking().Where(v => v.UserId == user.UserId && v.ListKey == listKey)
            .OrderBy(v => v.Name).ToListAsync();
        ViewData["ListKey"] = listKey;
        return View(views);
    }
}
