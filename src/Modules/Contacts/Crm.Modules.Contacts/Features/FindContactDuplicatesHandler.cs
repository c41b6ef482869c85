using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Contacts.Domain;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Contacts.Features;

/// <summary>
/// Possible duplicates of a person: the same phone or email (strong), or the same normalised full name.
/// Matches the user may not open are reported too (so nobody creates a second copy), but without their details.
/// </summary>
public sealed class FindContactDuplicatesHandler(DbContext db, ICurrentUser user, IStringLocalizer<ContactsResources> l)
    : IRequestHandler<FindContactDuplicates, IReadOnlyList<DuplicateMatch>>
{
    public async ValueTask<IReadOnlyList<DuplicateMatch>> Handle(FindContactDuplicates request, CancellationToken cancellationToken)
    {
        var phoneKeys = request.PhoneKeys.Where(k => k.Length >= 5).Distinct().ToList();
        var emailKeys = request.EmailKeys.Where(k => k.Length > 0).Distinct().ToList();
        var reasons = new Dictionary<Guid, string>();
        if (phoneKeys.Count > 0)
        {
            foreach (var id in await db.Set<PhoneEntry>().Where(p => p.ContactId != null && phoneKeys.Contains(p.NumberKey)).OrderBy(p => p.Id).Select(p => p.ContactId!.Value).Take(20).ToListAsync(cancellationToken))
            {
                reasons.TryAdd(id, l["Reason_Phone"]);
            }
        }

        if (emailKeys.Count > 0)
        {
            foreach (var id in await db.Set<EmailEntry>().Where(e => e.ContactId != null && emailKeys.Contains(e.AddressKey)).OrderBy(e => e.Id).Select(e => e.ContactId!.Value).Take(20).ToListAsync(cancellationToken))
            {
                reasons.TryAdd(id, l["Reason_Email"]);
            }
        }

        if (!string.IsNullOrEmpty(request.NameKey))
        {
            foreach (var id in await db.Set<Contact>().Where(c => c.NameKey == request.NameKey).OrderBy(c => c.Id).Select(c => c.Id).Take(20).ToListAsync(cancellationToken))
            {
                reasons.TryAdd(id, l["Reason_Name"]);
            }
        }

        if (request.ExceptId is { } except)
        {
            reasons.Remove(except);
        }

        var ids = reasons.Keys.ToList();
        var contacts = await db.Set<Contact>().AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.FullName, c.PrimaryPhone, c.PrimaryEmail, c.OwnerId, c.TeamId }).ToListAsync(cancellationToken);
        return contacts.Select(c =>
        {
            var visible = user.CanSee(c.OwnerId, c.TeamId);
            return new DuplicateMatch(c.Id, "/Contacts/Contacts/Details/" + c.Id, visible ? c.FullName : l["HiddenRecord"], visible ? c.PrimaryPhone : null, visible ? c.PrimaryEmail : null, reasons[c.Id], visible);
        }).OrderByDescending(d => d.Visible).ToList();
    }
}

public sealed class FindContactKeysHandler(DbContext db) : IRequestHandler<FindContactKeys, ContactKeys>
{
    public async ValueTask<ContactKeys> Handle(FindContactKeys request, CancellationToken cancellationToken)
    {
        var phones = request.PhoneKeys.Distinct().ToList();
        var emails = request.EmailKeys.Distinct().ToList();
        // Joined to the contact (not IN over all live contacts) so each key is an index seek plus a primary-key lookup.
        var foundPhones = phones.Count == 0 ? [] : await db.Set<PhoneEntry>().Where(p => phones.Contains(p.NumberKey))
            .Join(db.Set<Contact>(), p => p.ContactId, c => (Guid?)c.Id, (p, c) => p.NumberKey).Distinct().ToListAsync(cancellationToken);
        var foundEmails = emails.Count == 0 ? [] : await db.Set<EmailEntry>().Where(e => emails.Contains(e.AddressKey))
            .Join(db.Set<Contact>(), e => e.ContactId, c => (Guid?)c.Id, (e, c) => e.AddressKey).Distinct().ToListAsync(cancellationToken);
        return new ContactKeys(foundPhones.ToHashSet(), foundEmails.ToHashSet());
    }
}

public sealed class FindContactByEmailHandler(DbContext db) : IRequestHandler<FindContactByEmail, FoundContact?>
{
    public async ValueTask<FoundContact?> Handle(FindContactByEmail request, CancellationToken cancellationToken)
    {
        var key = Crm.SharedKernel.Text.EmailAddress.Normalize(request.Email);
        return key.Length == 0 ? null : await db.Set<EmailEntry>().Where(e => e.AddressKey == key)
            .Join(db.Set<Contact>(), e => e.ContactId, c => (Guid?)c.Id, (e, c) => c)
            .OrderBy(c => c.Id).Select(c => new FoundContact(c.Id, c.FullName, c.OwnerId, c.TeamId)).FirstOrDefaultAsync(cancellationToken);
    }
}

public sealed class FindContactByKeysHandler(DbContext db) : IRequestHandler<FindContactByKeys, FoundContact?>
{
    public async ValueTask<FoundContact?> Handle(FindContactByKeys request, CancellationToken cancellationToken)
    {
        if (request.PhoneKey is { Length: >= 5 } phone
            && await db.Set<PhoneEntry>().Where(p => p.NumberKey == phone).Join(db.Set<Contact>(), p => p.ContactId, c => (Guid?)c.Id, (p, c) => c)
                .OrderBy(c => c.Id).Select(c => new FoundContact(c.Id, c.FullName, c.OwnerId, c.TeamId)).FirstOrDefaultAsync(cancellationToken) is { } byPhone)
        {
            return byPhone;
        }

        return request.EmailKey is { Length: > 0 } email
            ? await db.Set<EmailEntry>().Where(e => e.AddressKey == email).Join(db.Set<Contact>(), e => e.ContactId, c => (Guid?)c.Id, (e, c) => c)
                .OrderBy(c => c.Id).Select(c => new FoundContact(c.Id, c.FullName, c.OwnerId, c.TeamId)).FirstOrDefaultAsync(cancellationToken)
            : null;
    }
}

public sealed class FindContactsByKeysHandler(DbContext db) : IRequestHandler<FindContactsByKeys, IReadOnlyDictionary<string, Guid>>
{
    public async ValueTask<IReadOnlyDictionary<string, Guid>> Handle(FindContactsByKeys request, CancellationToken cancellationToken)
    {
        var phones = request.PhoneKeys.Distinct().ToList();
        var emails = request.EmailKeys.Distinct().ToList();
        if (phones.Count + emails.Count > FindContactsByKeys.MaxKeys)
        {
            throw new ArgumentException($"At most {FindContactsByKeys.MaxKeys} keys are asked at a time.", nameof(request));
        }

        var found = new Dictionary<string, Guid>();
        if (phones.Count > 0)
        {
            var rows = await db.Set<PhoneEntry>().Where(p => phones.Contains(p.NumberKey))
                .Join(db.Set<Contact>(), p => p.ContactId, c => (Guid?)c.Id, (p, c) => new { p.NumberKey, c.Id }).ToListAsync(cancellationToken);
            foreach (var row in rows.OrderBy(r => r.Id))
            {
                found.TryAdd(row.NumberKey, row.Id);
            }
        }

        if (emails.Count > 0)
        {
            var rows = await db.Set<EmailEntry>().Where(e => emails.Contains(e.AddressKey))
                .Join(db.Set<Contact>(), e => e.ContactId, c => (Guid?)c.Id, (e, c) => new { e.AddressKey, c.Id }).ToListAsync(cancellationToken);
            foreach (var row in rows.OrderBy(r => r.Id))
            {
                found.TryAdd(row.AddressKey, row.Id);
            }
        }

        return found;
    }
}
