using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Contacts.Domain;
using Crm.Modules.Tags.Contracts;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Contacts.Features;

/// <summary>A marketing audience read in id order, a page at a time, with each contact's address on the channel asked.</summary>
public sealed class AudienceHandler(DbContext db, ITaggedRecords tagged) : IRequestHandler<ListAudience, IReadOnlyList<AudienceMember>>
{
    public const int MaxTake = 5_000;

    public async ValueTask<IReadOnlyList<AudienceMember>> Handle(ListAudience request, CancellationToken cancellationToken)
    {
        var take = Math.Clamp(request.Take, 1, MaxTake);
        var criteria = request.Criteria;
        var contacts = ContactSearch.Describing(db.Set<Contact>().AsNoTracking(), criteria.Source, criteria.MinRating, criteria.Segment);

        if (!string.IsNullOrWhiteSpace(criteria.City))
        {
            var city = PersianText.Clean(criteria.City);
            contacts = contacts.Where(c => c.City == city);
        }

        if (criteria.TagId is { } tag)
        {
            var carrying = tagged.Carrying(tag, Crm.SharedKernel.Records.RecordTypes.Contact);
            contacts = contacts.Where(c => carrying.Contains(c.Id));
        }

        if (request.Among is { } among)
        {
            if (among.Count > MaxTake)
            {
                throw new ArgumentException($"At most {MaxTake} contacts are asked at a time.", nameof(request));
            }

            var amongIds = among.ToList();
            contacts = contacts.Where(c => amongIds.Contains(c.Id));
        }

        if (request.After is { } after)
        {
            contacts = contacts.Where(c => c.Id.CompareTo(after) > 0);
        }

        var page = await contacts.OrderBy(c => c.Id).Take(take).Select(c => new { c.Id, c.FullName, c.Segments }).ToListAsync(cancellationToken);
        var ids = page.Select(c => c.Id).ToList();
        var addresses = request.Address == AudienceAddress.Mobile
            ? (await db.Set<PhoneEntry>().AsNoTracking().Where(p => p.ContactId != null && ids.Contains(p.ContactId.Value)).OrderBy(p => p.Position)
                    .Select(p => new { ContactId = p.ContactId!.Value, p.Number }).ToListAsync(cancellationToken))
                .Where(p => PhoneNumber.IsIranianMobile(p.Number)).GroupBy(p => p.ContactId).ToDictionary(g => g.Key, g => "0" + PhoneNumber.Normalize(g.First().Number))
            : (await db.Set<EmailEntry>().AsNoTracking().Where(e => e.ContactId != null && ids.Contains(e.ContactId.Value)).OrderBy(e => e.Position)
                    .Select(e => new { ContactId = e.ContactId!.Value, e.Address }).ToListAsync(cancellationToken))
                .Where(e => EmailAddress.IsValid(e.Address)).GroupBy(e => e.ContactId).ToDictionary(g => g.Key, g => EmailAddress.Normalize(g.First().Address));
        return [.. page.Select(c => new AudienceMember(c.Id, c.FullName, addresses.GetValueOrDefault(c.Id), c.Segments))];
    }
}
