using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Contacts.Domain;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Contacts.Features;

/// <summary>Contacts and organizations made from what another module captured: a converted lead's person and company.</summary>
public sealed class ConversionHandlers(DbContext db, ICurrentUser user, IStringLocalizer<ContactsResources> l) :
    IRequestHandler<CreateContact, Guid>,
    IRequestHandler<CreateOrganization, Guid>,
    IRequestHandler<LinkContactToOrganization, Unit>,
    IRequestHandler<FindOrganizationDuplicates, IReadOnlyList<DuplicateMatch>>
{
    public ValueTask<Guid> Handle(CreateContact request, CancellationToken cancellationToken)
    {
        var contact = new Contact
        {
            JobTitle = request.JobTitle,
            Source = request.Source,
            Notes = request.Notes,
            OwnerId = request.OwnerId,
            TeamId = request.TeamId,
        };
        contact.SetName(request.FirstName, request.LastName);
        if (!string.IsNullOrWhiteSpace(request.Mobile))
        {
            contact.Phones.Add(PhoneEntry.Create(PhoneType.Mobile, request.Mobile, 0));
        }

        if (!string.IsNullOrWhiteSpace(request.Email))
        {
            contact.Emails.Add(EmailEntry.Create(EmailType.Work, request.Email, 0));
        }

        if (!string.IsNullOrWhiteSpace(request.City))
        {
            contact.Addresses.Add(new PostalAddress { Type = AddressType.Work, City = request.City });
        }

        if (request.OrganizationId is { } organizationId)
        {
            contact.Employments.Add(new Employment { OrganizationId = organizationId, JobTitle = contact.JobTitle, IsPrimary = true });
        }

        contact.RefreshSummary();
        db.Add(contact);
        return ValueTask.FromResult(contact.Id);
    }

    public ValueTask<Guid> Handle(CreateOrganization request, CancellationToken cancellationToken)
    {
        var organization = new Organization { Source = request.Source, OwnerId = request.OwnerId, TeamId = request.TeamId };
        organization.SetName(request.Name);
        if (!string.IsNullOrWhiteSpace(request.City))
        {
            organization.Addresses.Add(new PostalAddress { Type = AddressType.Work, City = request.City });
        }

        organization.RefreshSummary();
        db.Add(organization);
        return ValueTask.FromResult(organization.Id);
    }

    public async ValueTask<Unit> Handle(LinkContactToOrganization request, CancellationToken cancellationToken)
    {
        var contact = await db.Set<Contact>().Include(c => c.Employments).FirstOrDefaultAsync(c => c.Id == request.ContactId, cancellationToken)
            ?? throw new KeyNotFoundException();
        if (contact.Employments.All(e => e.OrganizationId != request.OrganizationId))
        {
            contact.Employments.Add(new Employment
            {
                OrganizationId = request.OrganizationId,
                JobTitle = request.JobTitle,
                IsPrimary = contact.Employments.Count == 0,
            });
        }

        return Unit.Value;
    }

    public async ValueTask<IReadOnlyList<DuplicateMatch>> Handle(FindOrganizationDuplicates request, CancellationToken cancellationToken)
    {
        var key = PersianText.Key(request.Name);
        if (key.Length == 0)
        {
            return [];
        }

        var found = await db.Set<Organization>().AsNoTracking().Where(o => o.NameKey == key).OrderBy(o => o.Id).Take(10)
            .Select(o => new { o.Id, o.Name, o.PrimaryPhone, o.PrimaryEmail, o.OwnerId, o.TeamId }).ToListAsync(cancellationToken);
        return found.Select(o =>
        {
            var visible = user.CanSee(o.OwnerId, o.TeamId);
            return new DuplicateMatch(o.Id, "/Contacts/Organizations/Details/" + o.Id, visible ? o.Name : l["HiddenRecord"], visible ? o.PrimaryPhone : null,
                visible ? o.PrimaryEmail : null, l["Reason_Name"], visible);
        }).OrderByDescending(d => d.Visible).ToList();
    }
}
