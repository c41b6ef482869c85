using Crm.Modules.Portal.Domain;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Portal.Web;

public sealed record DocumentLinksModel(RecordRef Document, IReadOnlyList<PortalDocumentLink> Links, DateTime Now);

/// <summary>The links sent to a document's customer, on the document's page: when each was sent, how often it was opened, and a revoke button.</summary>
public sealed class DocumentLinksCardViewComponent(DbContext db, IClock clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(RecordRef record)
    {
        var links = await db.Set<PortalDocumentLink>().AsNoTracking().Where(l => l.DocumentType == record.Type && l.DocumentId == record.Id)
            .OrderByDescending(l => l.CreatedAt).Take(20).ToListAsync(HttpContext.RequestAborted);
        return links.Count == 0
            ? Content("")
            : View("~/Areas/Portal/Views/Shared/Components/DocumentLinksCard/Default.cshtml", new DocumentLinksModel(record, links, clock.UtcNow));
    }
}

/// <summary>Staff revoke a link to a document they can see; the link stops opening at once.</summary>
[Area(PortalModule.ModuleName)]
[Microsoft.AspNetCore.Authorization.Authorize]
[AutoValidateAntiforgeryToken]
public sealed class LinksController(DbContext db, RecordDirectory records, IClock clock, ICurrentUser user, IStringLocalizer<PortalResources> l) : Controller
{
    [HttpPost]
    public async Task<IActionResult> Revoke(Guid id, CancellationToken cancellationToken)
    {
        var link = await db.Set<PortalDocumentLink>().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (link is null || await records.FindVisibleAsync(new RecordRef(link.DocumentType, link.DocumentId), cancellationToken) is not { } document)
        {
            return NotFound();
        }

        if (link.RevokedAt is null)
        {
            (link.RevokedAt, link.RevokedBy) = (clock.UtcNow, user.UserId);
            await db.SaveChangesAsync(cancellationToken);
        }

        TempData["Message"] = l["Links_Revoked"].Value;
        return Redirect(document.Url);
    }
}
