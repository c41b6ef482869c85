using Crm.Modules.Campaigns.Contracts;
using Crm.Modules.Campaigns.Domain;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Campaigns.Web;

/// <summary>On the contact list, beside its bulk actions: put the checked contacts on a target list.</summary>
public sealed class AddToTargetListViewComponent(DbContext db, ICurrentUser user) : ViewComponent
{
    private const int Choices = 100;

    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (!user.HasPermission(CampaignsPermissions.Edit))
        {
            return Content("");
        }

        var lists = await db.Set<TargetList>().AsNoTracking().OrderByDescending(t => t.Id).Take(Choices).Select(t => new TargetListChoice(t.Id, t.Name, t.Members))
            .ToListAsync(HttpContext.RequestAborted);
        return lists.Count == 0 ? Content("") : View("~/Areas/Campaigns/Views/Shared/Components/AddToTargetList/Default.cshtml", lists);
    }
}
