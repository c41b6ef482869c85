using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Contacts.Domain;
using Crm.Modules.Contacts.Features;
using Crm.Modules.Identity.Contracts;
using Crm.SharedKernel.Imports;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Localization;
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
public sealed class ContactsController(
    DbContext db,
    ContactsService contacts,
    ICurrentUser user,
    IMediator mediator,
    ISpreadsheets spreadsheets,
    IDisplayFormatter format,
    IStringLocalizer<ContactsResources> l) : Controller
{
    public const int PageSize = 50;

    [HttpGet]
    public async Task<IActionResult> Index([FromQuery] ContactFilter filter, CancellationToken cancellationToken)
    {
        var page = await ContactListStatement.PageAsync(db, user, filter, PageSize, cancellationToken);
        var owners = await mediator.Send(new GetUserNames(page.Rows.Where(r => r.OwnerId is not null).Select(r => r.OwnerId!.Value).ToList()), cancellationToken);
        return View(new ContactListModel(filter, page, owners, await mediator.Send(new ListAssignableOwners(), cancellationToken)));
    }

    [HttpGet]
    [HasPermission(ContactsPermissions.Export)]
    public async Task Export([FromQuery] ContactFilter filter, CancellationToken cancellationToken)
    {
        var query = ContactSearch.Apply(ContactSearch.Contacts(db, user, filter.Deleted).AsNoTracking(), filter, db, user);
        var owners = (await mediator.Send(new ListUsers(ActiveOnly: false), cancellationToken)).ToDictionary(u => u.Id, u => u.DisplayName);
        query = filter.Sort == "newest" ? query.OrderByDescending(c => c.Id) : query.OrderBy(c => c.NameKey).ThenBy(c => c.Id);
        var rows = query.Select(c => new { c.FirstName, c.LastName, c.PrimaryPhone, c.PrimaryEmail, c.City, c.NationalCode, c.Birthday, c.Source, c.Rating, c.Segments, c.OwnerId, c.CreatedAt })
            .AsAsyncEnumerable();
        Response.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        Response.Headers.ContentDisposition = $"attachment; filename=\"contacts-{DateTime.UtcNow:yyyyMMdd-HHmm}.xlsx\"";
        await spreadsheets.WriteXlsxAsync(Response.Body, l["Menu_Contacts"],
            [l["Field_FirstName"], l["Field_LastName"], l["Field_Phone"], l["Field_Email"], l["Field_City"], l["Field_NationalCode"], l["Field_Birthday"], l["Field_Source"], l["Field_Rating"], l["Field_Segments"], l["Field_Owner"], l["Field_CreatedAt"]],
            rows.ToSheetRows(r => [r.FirstName, r.LastName, r.PrimaryPhone, r.PrimaryEmail, r.City, r.NationalCode, format.Date(r.Birthday), l["Source_" + r.Source].Value, r.Rating,
                r.Segments, r.OwnerId is { } o && owners.TryGetValue(o, out var n) ? n : null, format.DateTime(r.CreatedAt)]),
            format.IsPersian, cancellationToken);
    }

    [HttpGet]
    [HasPermission(ContactsPermissions.Edit)]
    public async Task<IActionResult> Create(CancellationToken cancellationToken)
    {
        var model = new ContactEditModel { OwnerId = user.UserId };
        return await EditView(model, cancellationToken);
    }

    [HttpGet]
    public async Task<IActionResult> Details(Guid id, CancellationToken cancellationToken)
    {
        var contact = await contacts.FindContactAsync(id, includeDeleted: true, cancellationToken);
        if (contact is null || contact.MergedIntoId is { })
        {
            return contact?.MergedIntoId is { } survivor ? RedirectToAction(nameof(Details), new { id = survivor }) : NotFound();
        }

        var organizationIds = contact.Employments.Select(e => e.OrganizationId).ToList();
        var organizations = await db.Set<Organization>().AsNoTracking().Where(o => organizationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var duplicates = await mediator.Send(new FindContactDuplicates(contact.NameKey, contact.Phones.Select(p => p.NumberKey).ToList(), contact.Emails.Select(e => e.AddressKey).ToList(), contact.Id), cancellationToken);
        var owner = contact.OwnerId is { } ownerId ? await mediator.Send(new GetUserSummary(ownerId), cancellationToken) : null;
        ViewBag.Organizations = organizations;
        ViewBag.Duplicates = duplicates;
        ViewBag.OwnerName = owner?.DisplayName;
        return View(contact);
    }

    [HttpGet]
    [HasPermission(ContactsPermissions.Edit)]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken)
    {
        var contact = await contacts.FindContactAsync(id, includeDeleted: false, cancellationToken);
        if (contact is null)
        {
            return NotFound();
        }

        var organizationIds = contact.Employments.Select(e => e.OrganizationId).ToList();
        var names = await db.Set<Organization>().AsNoTracking().Where(o => organizationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var model = new ContactEditModel
        {
            Id = contact.Id,
            Version = contact.Version,
            FirstName = contact.FirstName,
            LastName = contact.LastName,
            JobTitle = contact.JobTitle,
            NationalCode = contact.NationalCode,
            Birthday = format.DateInput(contact.Birthday),
            Source = contact.Source,
            Rating = contact.Rating,
            Segments = contact.Segments,
            Notes = contact.Notes,
            OwnerId = contact.OwnerId,
            Phones = contact.Phones.OrderBy(p => p.Position).Select(p => new PhoneInput { Type = p.Type, Number = p.Number }).ToList(),
            Emails = contact.Emails.OrderBy(e => e.Position).Select(e => new EmailInput { Type = e.Type, Address = e.Address }).ToList(),
            Addresses = contact.Addresses.OrderBy(a => a.Position).Select(a => new AddressInput { Type = a.Type, Province = a.Province, City = a.City, Line = a.Line, PostalCode = a.PostalCode }).ToList(),
            Employments = contact.Employments.Select(e => new EmploymentInput { OrganizationId = e.OrganizationId, OrganizationName = names.GetValueOrDefault(e.OrganizationId), JobTitle = e.JobTitle }).ToList(),
        };
        return await EditView(model, cancellationToken);
    }

    [HttpPost]
    [HasPermission(ContactsPermissions.Edit)]
    public async Task<IActionResult> Save(ContactEditModel model, CancellationToken cancellationToken)
    {
        return await this.SaveRecordAsync(() => contacts.SaveContactAsync(model, cancellationToken), l["Saved"], () => EditView(model, cancellationToken));
    }

    [HttpPost]
    [HasPermission(ContactsPermissions.Delete)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        var contact = await contacts.FindContactAsync(id, includeDeleted: false, cancellationToken);
        return await this.SoftDeleteAsync(db, contact, id, l["Deleted"], cancellationToken);
    }

    [HttpPost]
    [HasPermission(ContactsPermissions.Delete)]
    public async Task<IActionResult> Restore(Guid id, CancellationToken cancellationToken)
    {
        var contact = await contacts.FindContactAsync(id, includeDeleted: true, cancellationToken);
        return await this.RestoreAsync(db, contact, contact?.MergedIntoId is not null, id, l["Restored"], cancellationToken);
    }

    [HttpGet]
    [HasPermission(ContactsPermissions.Merge)]
    public async Task<IActionResult> Merge(Guid id, Guid other, CancellationToken cancellationToken)
    {
        var survivor = await contacts.FindContactAsync(id, false, cancellationToken);
        var merged = await contacts.FindContactAsync(other, false, cancellationToken);
        if (survivor is null || merged is null || survivor.Id == merged.Id)
        {
            return NotFound();
        }

        return View((survivor, merged));
    }

    [HttpPost]
    [HasPermission(ContactsPermissions.Merge)]
    [ActionName("Merge")]
    public async Task<IActionResult> MergeConfirmed(Guid id, Guid other, string[]? take, CancellationToken cancellationToken)
    {
        if (!await contacts.MergeContactsAsync(id, other, (take ?? []).ToHashSet(), cancellationToken))
        {
            return NotFound();
        }

        TempData["Message"] = l["Merged"].Value;
        return RedirectToAction(nameof(Details), new { id });
    }

    [HttpPost]
    public async Task<IActionResult> Bulk(Guid[] ids, string operation, Guid? ownerId, CancellationToken cancellationToken)
    {
        var selected = await ContactSearch.Contacts(db, user, false).Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken);
        if (operation == "delete" && user.HasPermission(ContactsPermissions.Delete))
        {
            db.RemoveRange(selected);
        }
        else if (operation == "assign" && user.HasPermission(ContactsPermissions.Edit))
        {
            var owner = await mediator.Send(new ResolveOwner(ownerId), cancellationToken);
            if (!owner.Allowed)
            {
                return Forbid();
            }

            foreach (var contact in selected)
            {
                contact.OwnerId = owner.OwnerId;
                contact.TeamId = owner.TeamId;
            }
        }
        else
        {
            return Forbid();
        }

        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = l["BulkDone", format.Number(selected.Count)].Value;
        var returnQuery = Request.Form["returnQuery"].ToString();
        return Redirect(Url.Action(nameof(Index)) + (returnQuery.StartsWith('?') ? returnQuery : ""));
    }

    private async Task<IActionResult> EditView(ContactEditModel model, CancellationToken cancellationToken)
    {
        while (model.Phones.Count < 2)
        {
            model.Phones.Add(new PhoneInput { Type = model.Phones.Count == 0 ? PhoneType.Mobile : PhoneType.Work });
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
