using Crm.Modules.Portal.Contracts;
using Crm.Modules.Portal.Domain;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Portal.Web;

public sealed record PortalAccountCardModel(RecordRef Record, PortalAccount? Account, PortalProfileRequest? Pending = null);

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
        var pending = account is null ? null
            : await db.Set<PortalProfileRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.ContactId == record.Id && r.State == ProfileRequestState.Pending, HttpContext.RequestAborted);
        return View("~/Areas/Portal/Views/Shared/Components/PortalAccountCard/Default.cshtml", new PortalAccountCardModel(record, account, pending));
    }
}
