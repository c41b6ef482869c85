using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Contacts.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Contacts.Features;

/// <summary>Buyers' details for documents and payment reminders.</summary>
public sealed class BillingDetailsHandler(DbContext db) : IRequestHandler<GetBillingDetails, IReadOnlyDictionary<RecordRef, BillingDetails>>
{
    public async ValueTask<IReadOnlyDictionary<RecordRef, BillingDetails>> Handle(GetBillingDetails request, CancellationToken cancellationToken)
    {
        var contactIds = request.Customers.Where(c => c.Type == RecordTypes.Contact).Select(c => c.Id).Distinct().ToList();
        var organizationIds = request.Customers.Where(c => c.Type == RecordTypes.Organization).Select(c => c.Id).Distinct().ToList();
        var found = new Dictionary<RecordRef, BillingDetails>();

        var people = await db.Set<Contact>().IgnoreQueryFilters().AsNoTracking().AsSplitQuery()
            .Include(c => c.Phones).Include(c => c.Emails).Include(c => c.Addresses)
            .Where(c => contactIds.Contains(c.Id)).ToListAsync(cancellationToken);
        foreach (var c in people)
        {
            found[new RecordRef(RecordTypes.Contact, c.Id)] = new BillingDetails(c.FullName, c.NationalCode, null, Address(c.Addresses), c.Addresses.FirstOrDefault()?.PostalCode,
                Phone(c.Phones, mobile: false), Phone(c.Phones, mobile: true), c.Emails.OrderBy(e => e.Position).FirstOrDefault()?.Address);
        }

        var companies = await db.Set<Organization>().IgnoreQueryFilters().AsNoTracking().AsSplitQuery()
            .Include(o => o.Phones).Include(o => o.Emails).Include(o => o.Addresses)
            .Where(o => organizationIds.Contains(o.Id)).ToListAsync(cancellationToken);
        var staff = await db.Set<Employment>().AsNoTracking().Where(e => organizationIds.Contains(e.OrganizationId))
            .Join(db.Set<Contact>(), e => e.ContactId, c => c.Id, (e, c) => new { e.OrganizationId, c.Id, c.PrimaryPhone, c.PrimaryEmail })
            .ToListAsync(cancellationToken);
        foreach (var o in companies)
        {
            var person = staff.Where(s => s.OrganizationId == o.Id).OrderBy(s => s.Id).FirstOrDefault();
            found[new RecordRef(RecordTypes.Organization, o.Id)] = new BillingDetails(o.Name, o.NationalId, o.EconomicCode, Address(o.Addresses), o.Addresses.FirstOrDefault()?.PostalCode,
                Phone(o.Phones, mobile: false) ?? Phone(o.Phones, mobile: true), Phone(o.Phones, mobile: true) ?? person?.PrimaryPhone,
                o.Emails.OrderBy(e => e.Position).FirstOrDefault()?.Address ?? person?.PrimaryEmail);
        }

        return found;
    }

    private static string? Phone(IEnumerable<PhoneEntry> phones, bool mobile) =>
        phones.Where(p => (p.Type == PhoneType.Mobile) == mobile).OrderBy(p => p.Position).FirstOrDefault()?.Number;

    private static string? Address(IEnumerable<PostalAddress> addresses) =>
        addresses.OrderBy(a => a.Position).FirstOrDefault() is { } a
            ? string.Join("، ", new[] { a.Province, a.City, a.Line }.Where(s => !string.IsNullOrWhiteSpace(s)))
            : null;
}
