using Crm.Modules.Campaigns.Domain;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Tickets.Contracts;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Campaigns.Features;

/// <summary>What a campaign's audience comes to now: the contacts it finds, and how many of them a send would reach.</summary>
/// <param name="Contacts">Every contact the audience's filters find.</param>
/// <param name="NoAddress">Of those, without a mobile (SMS, call list) or email (email, newsletter), or with an invalid one.</param>
/// <param name="Refused">Of those with an address, the ones who refused marketing on that channel.</param>
/// <param name="Excluded">Of the rest, left out by the campaign's exclusions (another list, an open ticket, a recent purchase).</param>
/// <param name="Capped">The count stopped at <see cref="CampaignAudience.MaxContacts"/>.</param>
public sealed record AudienceCount(int Contacts, int NoAddress, int Refused, int Excluded, bool Capped)
{
    public int Reached => Contacts - NoAddress - Refused - Excluded;
}

/// <summary>
/// Evaluates a campaign's audience the way a send will: the contacts' filters as they stand now, read a page at a time,
/// without those who have no address on the channel, those who refused marketing, and those its exclusions leave out.
/// </summary>
public sealed class CampaignAudience(DbContext db, IMediator mediator, IClock clock, IDisplayFormatter format)
{
    public const int PageSize = 5_000;

    /// <summary>The largest audience counted in full; beyond it the count says so.</summary>
    public const int MaxContacts = 2_000_000;

    public async Task<AudienceCount> CountAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var (contacts, noAddress, refused, excluded) = (0, 0, 0, 0);
        Guid? after = null;
        while (contacts < MaxContacts)
        {
            var page = await PageAsync(campaign, after, cancellationToken);
            (contacts, noAddress, refused, excluded) = (contacts + page.Found, noAddress + page.NoAddress, refused + page.Refused, excluded + page.Excluded);
            if (page.Last)
            {
                break;
            }

            after = page.Cursor;
        }

        return new AudienceCount(contacts, noAddress, refused, excluded, contacts >= MaxContacts);
    }

    /// <summary>
    /// The next page of the audience after <paramref name="after"/>: the contacts found, and of them those a send reaches
    /// (an address on the campaign's channel, no refusal of marketing there). The one reading both the count and the send use.
    /// </summary>
    public async Task<AudiencePage> PageAsync(Campaign campaign, Guid? after, CancellationToken cancellationToken)
    {
        var (page, cursor, last) = await FoundAsync(campaign, after, cancellationToken);
        var addresses = page.Where(m => m.Address is not null).Select(m => m.Address!).ToList();
        var channel = campaign.Address == AudienceAddress.Email ? MessageChannel.Email : MessageChannel.Sms;
        var refusals = addresses.Count == 0 ? new HashSet<string>() : await mediator.Send(new FindMarketingRefusals(channel, addresses), cancellationToken);
        var allowed = page.Where(m => m.Address is not null && !refusals.Contains(m.Address)).ToList();
        var excluded = await ExcludedAsync(campaign, [.. allowed.Select(m => m.ContactId)], cancellationToken);
        var reached = allowed.Where(m => !excluded.Contains(m.ContactId)).ToList();
        return new AudiencePage(reached, page.Count, page.Count - addresses.Count, addresses.Count - allowed.Count, allowed.Count - reached.Count,
            cursor, last);
    }

    /// <summary>
    /// The next page of contacts the audience finds: every live contact by the campaign's filters, or, for a static list,
    /// the list's next members (in contact order) that are live and pass the filters.
    /// </summary>
    private async Task<(IReadOnlyList<AudienceMember> Page, Guid? Cursor, bool Last)> FoundAsync(Campaign campaign, Guid? after, CancellationToken cancellationToken)
    {
        if (campaign.ListId is not { } listId)
        {
            var page = await mediator.Send(new ListAudience(campaign.Audience, campaign.Address, after, PageSize), cancellationToken);
            return (page, page.Count > 0 ? page[^1].ContactId : after, page.Count < PageSize);
        }

        var members = db.Set<TargetListMember>().AsNoTracking().Where(m => m.ListId == listId);
        if (after is { } start)
        {
            members = members.Where(m => m.ContactId.CompareTo(start) > 0);
        }

        var ids = await members.OrderBy(m => m.ContactId).Select(m => m.ContactId).Take(PageSize).ToListAsync(cancellationToken);
        var found = ids.Count == 0 ? [] : await mediator.Send(new ListAudience(campaign.Audience, campaign.Address, null, PageSize, ids), cancellationToken);
        return (found, ids.Count > 0 ? ids[^1] : after, ids.Count < PageSize);
    }

    /// <summary>The contacts the campaign's exclusions leave out: another list's members, and what support and invoicing know.</summary>
    private async Task<HashSet<Guid>> ExcludedAsync(Campaign campaign, IReadOnlyCollection<Guid> contacts, CancellationToken cancellationToken)
    {
        var excluded = new HashSet<Guid>();
        if (contacts.Count == 0)
        {
            return excluded;
        }

        if (campaign.ExcludeListId is { } listId)
        {
            excluded.UnionWith(await db.Set<TargetListMember>().AsNoTracking().Where(m => m.ListId == listId && contacts.Contains(m.ContactId))
                .Select(m => m.ContactId).ToListAsync(cancellationToken));
        }

        if (campaign.ExcludeOpenTickets)
        {
            excluded.UnionWith(await mediator.Send(new FindContactsWithOpenTickets(contacts), cancellationToken));
        }

        if (campaign.ExcludeBoughtWithinDays is { } days)
        {
            var today = DateOnly.FromDateTime(format.ToLocal(clock.UtcNow));
            excluded.UnionWith(await mediator.Send(new FindRecentBuyers(contacts, today.AddDays(-days)), cancellationToken));
        }

        return excluded;
    }
}

/// <summary>A page of an audience: whom a send reaches, how many were found and left out, and where the next page starts.</summary>
public sealed record AudiencePage(IReadOnlyList<AudienceMember> Reached, int Found, int NoAddress, int Refused, int Excluded, Guid? Cursor, bool Last);
