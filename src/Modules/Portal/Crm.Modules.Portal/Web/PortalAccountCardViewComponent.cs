using Crm.Modules.Portal.Contracts;
using Crm.Modules.Portal.Domain;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Portal.Web;

public sealed record PortalAccountCardModel(RecordRef Record, PortalAccount? Account);

/// <summary>A contact's page shows their portal account (or a button to open one) to those who manage portal accounts.</summary>
public sealed class PortalAccountCardViewComponent(DbContext db, ICurrentUser user) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(RecordRef record)
    {
        if (record.Type != RecordTypes.Contact || !user.HasPermission(PortalPermissions.ManageAccounts))
        {
            return Content("");
        }

        var account = await db.Set<PortalAccount>().AsNoTracking().FirstOrDefaultAsync(a => a.ContactId == record.Id, HttpContext.RequestAborted);
        return View("~/Areas/Portal/Views/Shared/Components/PortalAccountCard/Default.cshtml", new PortalAccountCardModel(record, account));
    }
}
