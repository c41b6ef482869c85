using Crm.Modules.Leads.Domain;
using Crm.Modules.Leads.Web;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;

namespace Crm.Modules.Leads.Features;

/// <summary>The leads filters, shared by the list, export, bulk actions and saved views. Terms are normalised like the stored keys.</summary>
public static class LeadSearch
{
    public static IQueryable<Lead> Apply(IQueryable<Lead> query, LeadFilter filter, ICurrentUser user, DateOnly today)
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

        var term = filter.Q.Trim();
        if (SearchKeys.LooksLikeEmail(term))
        {
            var (from, to) = SearchKeys.PrefixRange(EmailAddress.Normalize(term));
            return query.Where(x => string.Compare(x.EmailKey, from) >= 0 && string.Compare(x.EmailKey, to) < 0);
        }

        if (SearchKeys.LooksLikePhone(term))
        {
            var (from, to) = SearchKeys.PrefixRange(PhoneNumber.Normalize(term));
            return query.Where(x => string.Compare(x.MobileKey, from) >= 0 && string.Compare(x.MobileKey, to) < 0);
        }

        var (nameFrom, nameTo) = SearchKeys.PrefixRange(PersianText.Key(term));
        return query.Where(x => (string.Compare(x.NameKey, nameFrom) >= 0 && string.Compare(x.NameKey, nameTo) < 0)
            || (string.Compare(x.CompanyKey, nameFrom) >= 0 && string.Compare(x.CompanyKey, nameTo) < 0));
    }
}
