using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Contacts.Domain;
using Crm.Modules.Contacts.Features;
using Crm.Modules.Identity.Contracts;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Contacts.Web;

[Area(ContactsModule.ModuleName)]
[HasPermission(ContactsPermissions.View)]
[AutoValidateAntiforgeryToken]
public sealed class OrganizationsController(DbContext db, ContactsService contacts, ICurrentUser user, IMediator mediator, IStringLocalizer<ContactsResources> l) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index([FromQuery] ContactFilter filter, CancellationToken cancellationToken)
    {
        var query = ContactSearch.Apply(ContactSearch.Organizations(db, user, filter.Deleted).AsNoTracking(), filter, db, user);
        var newest = filter.Sort == "newest";
        var page = await Keyset.PageAsync(query, newest ? null : o => o.NameKey, newest, filter.Page, ContactsController.PageSize,
            o => new OrganizationRow(o.Id, o.Name, o.PrimaryPhone, o.City, o.Industry, o.OwnerId, o.CreatedAt), cancellationToken);
        var owners = await mediator.Send(new GetUserNames(page.Rows.Where(r => r.OwnerId is not null).Select(r => r.OwnerId!.Value).ToList()), cancellationToken);
        return View(new OrganizationListModel(filter, page, owners));
    }

    [HttpGet]
    public async Task<IActionResult> Details(Guid id, CancellationToken cancellationToken)
    {
        var organization = await contacts.FindOrganizationAsync(id, includeDeleted: true, cancellationToken);
        if (organization is null || organization.MergedIntoId is not null)
        {
            return NotFound();
        }

        ViewBag.People = await ContactSearch.Contacts(db, user, false).AsNoTracking()
            .Where(c => db.Set<Employment>().Any(e => e.ContactId == c.Id && e.OrganizationId == id))
            .OrderBy(c => c.NameKey).Take(200)
            .Select(c => new ContactRow(c.Id, c.FullName, c.PrimaryPhone, c.PrimaryEmail, c.City, c.Source, c.Rating, c.OwnerId))
            .ToListAsync(cancellationToken);
        ViewBag.OwnerName = organization.OwnerId is { } ownerId ? (await mediator.Send(new GetUserSummary(ownerId), cancellationToken))?.DisplayName : null;
        return View(organization);
    }

    [HttpGet]
    [HasPermission(ContactsPermissions.Edit)]
    public Task<IActionResult> Create(CancellationToken cancellationToken) =>
        EditView(new OrganizationEditModel { OwnerId = user.UserId }, cancellationToken);

    [HttpGet]
    [HasPermission(ContactsPermissions.Edit)]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken)
    {
        var o = await contacts.FindOrganizationAsync(id, includeDeleted: false, cancellationToken);
        if (o is null)
        {
            return NotFound();
        }

        return await EditView(new OrganizationEditModel
        {
            Id = o.Id,
            Version = o.Version,
            Name = o.Name,
            NationalId = o.NationalId,
            EconomicCode = o.EconomicCode,
            Industry = o.Industry,
            Website = o.Website,
            Source = o.Source,
            Rating = o.Rating,
            Segments = o.Segments,
            Notes = o.Notes,
            OwnerId = o.OwnerId,
            Phones = o.Phones.OrderBy(p => p.Position).Select(p => new PhoneInput { Type = p.Type, Number = p.Number }).ToList(),
            Emails = o.Emails.OrderBy(e => e.Position).Select(e => new EmailInput { Type = e.Type, Address = e.Address }).ToList(),
            Addresses = o.Addresses.OrderBy(a => a.Position).Select(a => new AddressInput { Type = a.Type, Province = a.Province, City = a.City, Line = a.Line, PostalCode = a.PostalCode }).ToList(),
        }, cancellationToken);
    }

    [HttpPost]
    [HasPermission(ContactsPermissions.Edit)]
    public async Task<IActionResult> Save(OrganizationEditModel model, CancellationToken cancellationToken)
    {
        return await this.SaveRecordAsync(() => contacts.SaveOrganizationAsync(model, cancellationToken), l["Saved"], () => EditView(model, cancellationToken));
    }

    [HttpPost]
    [HasPermission(ContactsPermissions.Delete)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        var organization = await contacts.FindOrganizationAsync(id, includeDeleted: false, cancellationToken);
        return await this.SoftDeleteAsync(db, organization, id, l["Deleted"], cancellationToken);
    }

    [HttpPost]
    [HasPermission(ContactsPermissions.Delete)]
    public async Task<IActionResult> Restore(Guid id, CancellationToken cancellationToken)
    {
        var organization = await contacts.FindOrganizationAsync(id, includeDeleted: true, cancellationToken);
        return await this.RestoreAsync(db, organization, organization?.MergedIntoId is not null, id, l["Restored"], cancellationToken);
    }

    private async Task<IActionResult> EditView(OrganizationEditModel model, CancellationToken cancellationToken)
    {
        if (model.Phones.Count == 0)
        {
            model.Phones.Add(new PhoneInput { Type = PhoneType.Work });
        }

        if (model.Emails.Count == 0)
        {
            model.Emails.Add(new EmailInput());
        }

        if (model.Addresses.Count == 0)
        {
            model.Addresses.Add(new AddressInput());
        }

        ViewBag.Owners = await mediator.Send(new ListAssignableOwners(), cancellationToken);
        return View("Edit", model);
    }
}
