using Crm.Modules.Campaigns.Domain;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Messaging.Contracts;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Campaigns.Features;

/// <summary>
/// A reply to a campaign's SMS (anything but an opt-out) is someone interested: it becomes a lead of that campaign for
/// the plan's owner, with the reply as its note. The person's open lead, if they have one, is kept instead (and takes
/// the campaign if it had none), so a reply heard twice makes one lead.
/// </summary>
public sealed class CampaignReplies(DbContext db, IMediator mediator) : INotificationHandler<SmsReplied>
{
    public async ValueTask Handle(SmsReplied notification, CancellationToken cancellationToken)
    {
        if (notification.MessageId is not { } messageId)
        {
            return;
        }

        var found = await (
            from r in db.Set<CampaignRecipient>().AsNoTracking()
            join c in db.Set<Campaign>() on r.CampaignId equals c.Id
            join p in db.Set<MarketingPlan>() on c.PlanId equals p.Id
            where r.Id == messageId
            select new { r.Name, CampaignId = c.Id, p.OwnerId, p.TeamId }).FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return;
        }

        var name = found.Name.Trim();
        var space = name.IndexOf(' ', StringComparison.Ordinal);
        var (first, last) = space > 0 ? (name[..space], name[(space + 1)..].Trim()) : (name, "");
        await mediator.Send(new CaptureLead(first, last, notification.From, null, null, null, (int)CustomerSource.Campaign,
            found.OwnerId, found.TeamId, notification.Text, found.CampaignId), cancellationToken);
    }
}
