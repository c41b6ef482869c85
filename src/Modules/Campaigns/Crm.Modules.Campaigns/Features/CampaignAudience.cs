using Crm.Modules.Campaigns.Domain;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Messaging.Contracts;
using Crm.SharedKernel.Messaging;

namespace Crm.Modules.Campaigns.Features;

/// <summary>What a campaign's audience comes to now: the contacts it finds, and how many of them a send would reach.</summary>
/// <param name="Contacts">Every contact the audience's filters find.</param>
/// <param name="NoAddress">Of those, without a mobile (SMS, call list) or email (email, newsletter), or with an invalid one.</param>
/// <param name="Refused">Of those with an address, the ones who refused marketing on that channel.</param>
/// <param name="Capped">The count stopped at <see cref="CampaignAudience.MaxContacts"/>.</param>
public sealed record AudienceCount(int Contacts, int NoAddress, int Refused, bool Capped)
{
    public int Reached => Contacts - NoAddress - Refused;
}

/// <summary>
/// Evaluates a campaign's audience the way a send will: the contacts' filters as they stand now, read a page at a time,
/// without those who have no address on the channel and those who refused marketing.
/// </summary>
public sealed class CampaignAudience(IMediator mediator)
{
    public const int PageSize = 5_000;

    /// <summary>The largest audience counted in full; beyond it the count says so.</summary>
    public const int MaxContacts = 2_000_000;

    public async Task<AudienceCount> CountAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var (contacts, noAddress, refused) = (0, 0, 0);
        Guid? after = null;
        var channel = campaign.Address == AudienceAddress.Email ? MessageChannel.Email : MessageChannel.Sms;
        while (contacts < MaxContacts)
        {
            var page = await mediator.Send(new ListAudience(campaign.Audience, campaign.Address, after, PageSize), cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            contacts += page.Count;
            var addresses = page.Where(m => m.Address is not null).Select(m => m.Address!).ToList();
            noAddress += page.Count - addresses.Count;
            var refusals = addresses.Count == 0 ? new HashSet<string>() : await mediator.Send(new FindMarketingRefusals(channel, addresses), cancellationToken);
            refused += addresses.Count(refusals.Contains);
            after = page[^1].ContactId;
            if (page.Count < PageSize)
            {
                break;
            }
        }

        return new AudienceCount(contacts, noAddress, refused, contacts >= MaxContacts);
    }
}
