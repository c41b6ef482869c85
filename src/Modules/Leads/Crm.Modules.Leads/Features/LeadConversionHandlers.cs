using Crm.Modules.Leads.Contracts;
using Crm.Modules.Leads.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Leads.Features;

/// <summary>The lead's side of conversion (run by the pipeline): what it holds, marking it Converted, and the deal opened for it later.</summary>
public sealed class LeadConversionHandlers(DbContext db, ICurrentUser user, IClock clock) :
    IRequestHandler<GetLeadForConversion, LeadToConvert?>,
    IRequestHandler<MarkLeadConverted, bool>,
    IRequestHandler<LinkLeadDeal, bool>
{
    public async ValueTask<LeadToConvert?> Handle(GetLeadForConversion request, CancellationToken cancellationToken)
    {
        var lead = await db.Set<Lead>().VisibleTo(user).AsNoTracking()
            .FirstOrDefaultAsync(x => x.Id == request.LeadId && x.Status != LeadStatus.Converted, cancellationToken);
        return lead is null
            ? null
            : new LeadToConvert(lead.Id, lead.Version, lead.FirstName, lead.LastName, lead.FullName, lead.Mobile, lead.Email, lead.Company, lead.JobTitle,
                lead.City, (int)lead.Source, lead.OwnerId, lead.TeamId, lead.Notes, lead.CampaignId);
    }

    public async ValueTask<bool> Handle(MarkLeadConverted request, CancellationToken cancellationToken)
    {
        var lead = await db.Set<Lead>().VisibleTo(user).FirstOrDefaultAsync(x => x.Id == request.LeadId, cancellationToken);
        if (lead is null || lead.Version != request.Version || lead.Status == LeadStatus.Converted)
        {
            return false;
        }

        lead.Status = LeadStatus.Converted;
        lead.ConvertedContactId = request.ContactId;
        lead.ConvertedOrganizationId = request.OrganizationId;
        lead.ConvertedOpportunityId = request.OpportunityId;
        lead.ConvertedAt = clock.UtcNow;
        lead.NextFollowUp = null;

        // Saved here so that a conversion racing this one fails on the version check, not after both have done their work.
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async ValueTask<bool> Handle(LinkLeadDeal request, CancellationToken cancellationToken)
    {
        var lead = await db.Set<Lead>().FirstOrDefaultAsync(x => x.Id == request.LeadId, cancellationToken);
        if (lead is not { Status: LeadStatus.Converted, ConvertedOpportunityId: null })
        {
            return false;
        }

        lead.ConvertedOpportunityId = request.OpportunityId;
        return true;
    }
}
