using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Contacts.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Contacts.Features;

/// <summary>A contact's details as the contact changed them; the audit trail records the change like any other.</summary>
public sealed class ContactDetailsHandler(DbContext db) : IRequestHandler<UpdateContactDetails, bool>
{
    public async ValueTask<bool> Handle(UpdateContactDetails request, CancellationToken cancellationToken)
    {
        var contact = await db.Set<Contact>().Include(c => c.Phones).Include(c => c.Emails).Include(c => c.Addresses).AsSplitQuery()
            .FirstOrDefaultAsync(c => c.Id == request.ContactId, cancellationToken);
        if (contact is null)
        {
            return false;
        }

        if (!string.IsNullOrWhiteSpace(request.Email))
        {
            var key = EmailAddress.Normalize(request.Email);
            var emails = contact.Emails.OrderBy(e => e.Position).ToList();
            var known = emails.FirstOrDefault(e => e.AddressKey == key);
            if (known is null)
            {
                known = EmailEntry.Create(EmailType.Personal, request.Email, 0);
                contact.Emails.Add(known);
            }

            // The asked email first, the others after it in their order.
            var position = 1;
            foreach (var other in emails.Where(e => e != known))
            {
                other.Position = position++;
            }

            known.Position = 0;
        }

        if (!string.IsNullOrWhiteSpace(request.Phone) && contact.Phones.All(p => p.NumberKey != PhoneNumber.Normalize(request.Phone)))
        {
            contact.Phones.Add(PhoneEntry.Create(PhoneNumber.IsIranianMobile(request.Phone) ? PhoneType.Mobile : PhoneType.Home, request.Phone,
                contact.Phones.Count == 0 ? 0 : contact.Phones.Max(p => p.Position) + 1));
        }

        if (request.City is not null || request.Address is not null || request.PostalCode is not null)
        {
            var address = contact.Addresses.OrderBy(a => a.Position).FirstOrDefault();
            if (address is null)
            {
                address = new PostalAddress { Type = AddressType.Home, Position = 0 };
                contact.Addresses.Add(address);
            }

            address.City = request.City ?? address.City;
            address.Line = request.Address ?? address.Line;
            address.PostalCode = request.PostalCode ?? address.PostalCode;
        }

        contact.RefreshSummary();
        return true;
    }
}
