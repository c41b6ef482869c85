using Crm.Modules.Activities.Contracts;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Leads.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Leads.Features;

/// <summary>Leads other modules take down for the company (a form's answer): one open lead per person, told to its owner.</summary>
public sealed class CaptureLeadHandler(DbContext db, LeadsService leads, IMediator mediator, IStringLocalizer<LeadsResources> l) : IRequestHandler<CaptureLead, Guid>
{
    public async ValueTask<Guid> Handle(CaptureLead request, CancellationToken cancellationToken)
    {
        var lead = new Lead();
        lead.SetName(request.FirstName, request.LastName);
        lead.SetMobile(request.Mobile);
        lead.SetEmail(request.Email);
        var (mobileKey, emailKey) = (lead.MobileKey, lead.EmailKey);
        var open = mobileKey is null && emailKey is null ? null
            : await db.Set<Lead>().Where(x => x.Status != LeadStatus.Converted && ((mobileKey != null && x.MobileKey == mobileKey) || (emailKey != null && x.EmailKey == emailKey)))
                .OrderBy(x => x.Id).FirstOrDefaultAsync(cancellationToken);
        if (open is not null)
        {
            // The same person again: their open lead is followed up, not a second one; an earlier campaign keeps the credit.
            open.CampaignId ??= request.CampaignId;
            return open.Id;
        }

        lead.JobTitle = LeadsService.Clean(request.JobTitle, 100);
        lead.City = LeadsService.Clean(request.City, 100);
        lead.Source = Enum.IsDefined(typeof(CustomerSource), request.Source) ? (CustomerSource)request.Source : CustomerSource.Website;
        lead.Notes = TextLimits.Shorten(request.Notes?.Trim() ?? "", 4000) is { Length: > 0 } notes ? notes : null;
        (lead.OwnerId, lead.TeamId, lead.CampaignId) = (request.OwnerId, request.TeamId, request.CampaignId);
        db.Add(lead);
        await db.SaveChangesAsync(cancellationToken);
        await LeadWords.RefreshAsync(db, [lead], cancellationToken);
        await mediator.Send(new LogTimelineEvent(new RecordRef(RecordTypes.Lead, lead.Id), ActivityKind.StatusChange, l.InBoth("Timeline_Created")), cancellationToken);
        if (lead.OwnerId is { } owner)
        {
            await leads.NotifyAssignedAsync(owner, [lead], cancellationToken);
        }

        return lead.Id;
    }
}
