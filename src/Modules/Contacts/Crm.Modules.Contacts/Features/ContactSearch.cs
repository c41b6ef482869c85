using System.Linq.Expressions;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Contacts.Domain;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Contacts.Features;

/// <summary>
/// The contacts and organizations filters, shared by the lists, export and saved views. Search terms are normalised
/// the way the stored keys are, and each kind of term (phone, email, name) is answered from its own index.
/// </summary>
public static class ContactSearch
{
    /// <summary>At most this many records match one search term; the list says so when a search reaches it.</summary>
    public const int MaxMatches = 2000;

    /// <summary>A name search looks for people at this many organizations whose name matches.</summary>
    internal const int MaxOrganizations = 50;

    private static readonly Expression<Func<Contact, string>> ContactNameKey = c => c.NameKey;

    private static readonly Expression<Func<Contact, ContactRow>> ContactRowProjection =
        c => new ContactRow(c.Id, c.FullName, c.PrimaryPhone, c.PrimaryEmail, c.City, c.Source, c.Rating, c.OwnerId);

    /// <summary>
    /// One page of the contacts list in LINQ: the filter, the viewer's visibility, the sort and the page cursor. The list
    /// itself reads through <see cref="ContactListStatement"/>, which a test keeps equal to this.
    /// </summary>
    public static Task<KeysetPage<ContactRow>> PageAsync(DbContext db, ICurrentUser user, ContactFilter filter, int pageSize, CancellationToken cancellationToken)
    {
        var query = Apply(Contacts(db, user, filter.Deleted).AsNoTracking(), filter, db, user);
        var newest = filter.Sort == "newest";
        return Keyset.PageAsync(query, newest ? null : ContactNameKey, newest, filter.Page, pageSize, ContactRowProjection, cancellationToken);
    }

    public static IQueryable<Contact> Contacts(DbContext db, ICurrentUser user, bool deleted) =>
        (deleted
            ? db.Set<Contact>().IgnoreQueryFilters().Where(c => c.IsDeleted && c.MergedIntoId == null)
            : db.Set<Contact>()).VisibleTo(user);

    public static IQueryable<Organization> Organizations(DbContext db, ICurrentUser user, bool deleted) =>
        (deleted
            ? db.Set<Organization>().IgnoreQueryFilters().Where(o => o.IsDeleted && o.MergedIntoId == null)
            : db.Set<Organization>()).VisibleTo(user);

    public static IQueryable<Contact> Apply(IQueryable<Contact> query, ContactFilter filter, DbContext db, ICurrentUser user)
    {
        query = Describing(ApplyCommon(query, filter, user), filter.Source, filter.MinRating, filter.Segment);

        if (string.IsNullOrWhiteSpace(filter.Q))
        {
            return query;
        }

        // Each kind of term is answered from its own index, capped, inside the one statement that reads the page.
        var (kind, from, to) = Term(filter.Q);
        if (kind == TermKind.Email)
        {
            var byEmail = db.Set<EmailEntry>().Where(e => e.ContactId != null && string.Compare(e.AddressKey, from) >= 0 && string.Compare(e.AddressKey, to) < 0)
                .OrderBy(e => e.AddressKey).Select(e => e.ContactId!.Value).Take(MaxMatches);
            return query.Where(c => byEmail.Contains(c.Id));
        }

        if (kind == TermKind.Phone)
        {
            var byPhone = db.Set<PhoneEntry>().Where(p => p.ContactId != null && string.Compare(p.NumberKey, from) >= 0 && string.Compare(p.NumberKey, to) < 0)
                .OrderBy(p => p.NumberKey).Select(p => p.ContactId!.Value).Take(MaxMatches);
            return query.Where(c => byPhone.Contains(c.Id));
        }

        // Each capped part is taken from the filtered query, so the cap counts records the viewer would see. Sorted by
        // name (the default), the first-name part needs no cap: the page reads it straight from the name index.
        var byFirstName = query.Where(c => string.Compare(c.NameKey, from) >= 0 && string.Compare(c.NameKey, to) < 0);
        var byName = filter.Sort == "newest" ? byFirstName.OrderBy(c => c.NameKey).Select(c => c.Id).Take(MaxMatches) : byFirstName.Select(c => c.Id);
        var byLastName = query.Where(c => string.Compare(c.LastNameKey, from) >= 0 && string.Compare(c.LastNameKey, to) < 0)
            .OrderBy(c => c.LastNameKey).Select(c => c.Id).Take(MaxMatches);
        var organizations = db.Set<Organization>().Where(o => string.Compare(o.NameKey, from) >= 0 && string.Compare(o.NameKey, to) < 0)
            .OrderBy(o => o.NameKey).Select(o => o.Id).Take(MaxOrganizations);
        var employees = db.Set<Employment>().Where(e => organizations.Contains(e.OrganizationId)).Select(e => e.ContactId).Take(MaxMatches);
        var byOrganization = query.Where(c => employees.Contains(c.Id)).Select(c => c.Id);

        // One IN over the union (not an OR of three INs), so the database joins a few thousand ids instead of testing every row.
        var matches = byName.Union(byLastName).Union(byOrganization);
        return query.Where(c => matches.Contains(c.Id));
    }

    /// <summary>The list's filters on what a contact is (source, minimum rating, segment text), which marketing audiences share.</summary>
    internal static IQueryable<Contact> Describing(IQueryable<Contact> query, CustomerSource? source, int? minRating, string? segment)
    {
        if (source is { } s)
        {
            query = query.Where(c => c.Source == s);
        }

        if (minRating is { } rating)
        {
            query = query.Where(c => c.Rating >= rating);
        }

        if (!string.IsNullOrWhiteSpace(segment))
        {
            var text = segment.Trim();
            query = query.Where(c => c.Segments != null && c.Segments.Contains(text));
        }

        return query;
    }

    /// <summary>What kind of search a term is, and the range of stored keys it matches (its normalised form as a prefix).</summary>
    internal static (TermKind Kind, string From, string To) Term(string text)
    {
        var term = text.Trim();
        if (SearchKeys.LooksLikeEmail(term))
        {
            var (from, to) = SearchKeys.PrefixRange(EmailAddress.Normalize(term));
            return (TermKind.Email, from, to);
        }

        if (SearchKeys.LooksLikePhone(term))
        {
            var (from, to) = SearchKeys.PrefixRange(PhoneNumber.Normalize(term));
            return (TermKind.Phone, from, to);
        }

        var (nameFrom, nameTo) = SearchKeys.PrefixRange(PersianText.Key(term));
        return (TermKind.Name, nameFrom, nameTo);
    }

    internal enum TermKind
    {
        Email,
        Phone,
        Name,
    }

    public static IQueryable<Organization> Apply(IQueryable<Organization> query, ContactFilter filter, DbContext db, ICurrentUser user)
    {
        query = ApplyCommon(query, filter, user);
        if (filter.Source is { } source)
        {
            query = query.Where(o => o.Source == source);
        }

        if (filter.MinRating is { } rating)
        {
            query = query.Where(o => o.Rating >= rating);
        }

        if (!string.IsNullOrWhiteSpace(filter.Segment))
        {
            var segment = filter.Segment.Trim();
            query = query.Where(o => o.Segments != null && o.Segments.Contains(segment));
        }

        if (string.IsNullOrWhiteSpace(filter.Q))
        {
            return query;
        }

        var (kind, from, to) = Term(filter.Q);
        if (kind == TermKind.Email)
        {
            var ids = db.Set<EmailEntry>().Where(e => e.OrganizationId != null && string.Compare(e.AddressKey, from) >= 0 && string.Compare(e.AddressKey, to) < 0)
                .OrderBy(e => e.AddressKey).Select(e => e.OrganizationId!.Value).Take(MaxMatches);
            return query.Where(o => ids.Contains(o.Id));
        }

        if (kind == TermKind.Phone)
        {
            var ids = db.Set<PhoneEntry>().Where(p => p.OrganizationId != null && string.Compare(p.NumberKey, from) >= 0 && string.Compare(p.NumberKey, to) < 0)
                .OrderBy(p => p.NumberKey).Select(p => p.OrganizationId!.Value).Take(MaxMatches);
            return query.Where(o => ids.Contains(o.Id));
        }

        var digits = IranianIds.Digits(filter.Q);
        return query.Where(o => (string.Compare(o.NameKey, from) >= 0 && string.Compare(o.NameKey, to) < 0) || (digits.Length >= 10 && o.NationalId == digits));
    }

    private static IQueryable<T> ApplyCommon<T>(IQueryable<T> query, ContactFilter filter, ICurrentUser user)
        where T : class, IOwnedRecord
    {
        if (filter.Owner == "me")
        {
            query = query.Where(r => r.OwnerId == user.UserId);
        }
        else if (Guid.TryParse(filter.Owner, out var ownerId))
        {
            query = query.Where(r => r.OwnerId == ownerId);
        }

        return query;
    }
}
