using Crm.Modules.Leads.Domain;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Leads.Features;

/// <summary>The leads filters, shared by the list, export, bulk actions and saved views. Terms are normalised like the stored keys.</summary>
public static class LeadSearch
{
    /// <summary>At most this many leads match one search term, as on the contacts list.</summary>
    public const int MaxMatches = 2000;

    public static IQueryable<Lead> Apply(DbContext db, IQueryable<Lead> query, LeadListFilter filter, ICurrentUser user, DateOnly today)
    {
        if (filter.Status is { } status)
        {
            query = query.Where(x => x.Status == status);
        }

        if (filter.Source is { } source)
        {
            query = query.Where(x => x.Source == source);
        }

        if (filter.Owner == "me")
        {
            query = query.Where(x => x.OwnerId == user.UserId);
        }
        else if (Guid.TryParse(filter.Owner, out var ownerId))
        {
            query = query.Where(x => x.OwnerId == ownerId);
        }

        if (filter.FollowUp == "due")
        {
            query = query.Where(x => x.NextFollowUp != null && x.NextFollowUp <= today);
        }

        if (string.IsNullOrWhiteSpace(filter.Q))
        {
            return query;
        }

        // Each term matches at most MaxMatches leads, read from its index in key order; the page is then sorted from those
        // few thousand ids. Uncapped, a common word ("شرکت") matched every lead and each page sorted all of them (2.4 s
        // per page at 100,000 leads, which queued every other request behind it under load).
        var term = filter.Q.Trim();
        if (SearchKeys.LooksLikeEmail(term))
        {
            var (from, to) = SearchKeys.PrefixRange(EmailAddress.Normalize(term));
            var byEmail = query.Where(x => string.Compare(x.EmailKey, from) >= 0 && string.Compare(x.EmailKey, to) < 0).OrderBy(x => x.EmailKey).Select(x => x.Id).Take(MaxMatches);
            return query.Where(x => byEmail.Contains(x.Id));
        }

        if (SearchKeys.LooksLikePhone(term))
        {
            var (from, to) = SearchKeys.PrefixRange(PhoneNumber.Normalize(term));
            var byMobile = query.Where(x => string.Compare(x.MobileKey, from) >= 0 && string.Compare(x.MobileKey, to) < 0).OrderBy(x => x.MobileKey).Select(x => x.Id).Take(MaxMatches);
            return query.Where(x => byMobile.Contains(x.Id));
        }

        var (nameFrom, nameTo) = SearchKeys.PrefixRange(PersianText.Key(term));
        var byName = query.Where(x => string.Compare(x.NameKey, nameFrom) >= 0 && string.Compare(x.NameKey, nameTo) < 0).OrderBy(x => x.NameKey).Select(x => x.Id).Take(MaxMatches);
        var byCompany = query.Where(x => string.Compare(x.CompanyKey, nameFrom) >= 0 && string.Compare(x.CompanyKey, nameTo) < 0).OrderBy(x => x.CompanyKey).Select(x => x.Id).Take(MaxMatches);
        // A surname or a word inside the company, from the words table (capped like the others, before visibility).
        var byWord = db.Set<LeadSearchWord>().Where(w => string.Compare(w.Word, nameFrom) >= 0 && string.Compare(w.Word, nameTo) < 0)
            .OrderBy(w => w.Word).Select(w => w.LeadId).Take(MaxMatches);
        var matches = byName.Union(byCompany).Union(byWord);
        return query.Where(x => matches.Contains(x.Id));
    }
}
