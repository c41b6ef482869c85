using Crm.SharedKernel.Text;
using Crm.Modules.Campaigns.Contracts;
using Crm.Modules.Activities.Contracts;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Sales.Features;

/// <summary>
/// Converts a lead in one transaction: the person becomes a contact (or joins an existing one), the company an
/// organization (new, or an existing one the duplicate check found), and optionally a deal is opened. The lead is kept,
/// read-only, marked Converted; its timeline, tags and comments move to the contact. Either all of it happens or none.
/// </summary>
public sealed record ConvertLead(Guid LeadId, Guid LeadVersion) : ICommand<ConversionResult>
{
    /// <summary>An existing contact to convert into instead of a new one.</summary>
    public Guid? ExistingContactId { get; init; }

    /// <summary>An existing organization for the lead's company; otherwise a new one when <see cref="CreateOrganization"/>.</summary>
    public Guid? ExistingOrganizationId { get; init; }

    public bool CreateOrganization { get; init; }

    /// <summary>A deal to open, or null for none.</summary>
    public NewDeal? Deal { get; init; }
}

public sealed record NewDeal(string Name, long Amount, Guid? ProcessId, DateOnly? ExpectedClose);

public sealed record ConversionResult(Guid ContactId, Guid? OrganizationId, Guid? OpportunityId);

/// <summary>The lead was changed or converted by someone else since the user opened it.</summary>
public sealed class ConversionConflictException() : Exception("The lead changed since it was read.");

public sealed class ConvertLeadHandler(
    DbContext db,
    ICurrentUser user,
    IClock clock,
    IMediator mediator,
    RecordDirectory records,
    OpportunityService opportunities,
    Pipeline pipeline,
    IStringLocalizer<SalesResources> l) : IRequestHandler<ConvertLead, ConversionResult>
{
    public async ValueTask<ConversionResult> Handle(ConvertLead request, CancellationToken cancellationToken)
    {
        var lead = await mediator.Send(new GetLeadForConversion(request.LeadId), cancellationToken) ?? throw new KeyNotFoundException();
        if (lead.Version != request.LeadVersion)
        {
            throw new ConversionConflictException();
        }

        var source = (CustomerSource)lead.Source;
        Guid? organizationId = null;
        var organizationName = lead.Company;
        if (request.ExistingOrganizationId is { } existingOrganization)
        {
            var organization = await VisibleAsync(RecordTypes.Organization, existingOrganization, cancellationToken);
            (organizationId, organizationName) = (organization.Record.Id, organization.Title);
        }
        else if (request.CreateOrganization && !string.IsNullOrWhiteSpace(lead.Company))
        {
            organizationId = await mediator.Send(new CreateOrganization(lead.Company, lead.City, source, lead.OwnerId, lead.TeamId), cancellationToken);
        }

        Guid contactId;
        if (request.ExistingContactId is { } existingContact)
        {
            contactId = (await VisibleAsync(RecordTypes.Contact, existingContact, cancellationToken)).Record.Id;
            if (organizationId is { } organization)
            {
                await mediator.Send(new LinkContactToOrganization(contactId, organization, lead.JobTitle), cancellationToken);
            }
        }
        else
        {
            contactId = await mediator.Send(new CreateContact(lead.FirstName, lead.LastName, lead.Mobile, lead.Email, lead.JobTitle, lead.City, source,
                lead.OwnerId, lead.TeamId, organizationId, lead.Notes), cancellationToken);
        }

        Guid? opportunityId = null;
        if (request.Deal is { } deal)
        {
            var process = await pipeline.ProcessAsync(deal.ProcessId, cancellationToken) ?? throw new InvalidOperationException("No sales process is defined.");
            var opportunity = opportunities.New(process, process.OpenStages.First(), lead.Id);
            opportunity.Name = deal.Name;
            opportunity.Amount = deal.Amount;
            opportunity.ExpectedClose = deal.ExpectedClose;
            (opportunity.OrganizationId, opportunity.ContactId) = (organizationId, organizationId is null ? contactId : null);
            opportunity.CustomerName = organizationId is null ? lead.FullName : organizationName ?? lead.FullName;
            opportunity.OwnerId = lead.OwnerId;
            opportunity.TeamId = lead.TeamId;
            opportunity.Source = source;
            if (lead.CampaignId is { } campaignId && await mediator.Send(new FindCampaign(campaignId), cancellationToken) is { } campaign)
            {
                (opportunity.CampaignId, opportunity.Campaign) = (campaign.Id, TextLimits.Shorten(campaign.Name, 100));
            }

            opportunityId = opportunity.Id;
        }

        // The new records are written before the lead is marked, so the lead's own save (with its version check) covers them.
        await db.SaveChangesAsync(cancellationToken);
        if (!await mediator.Send(new MarkLeadConverted(lead.Id, lead.Version, contactId, organizationId, opportunityId), cancellationToken))
        {
            throw new ConversionConflictException();
        }

        await mediator.Publish(new RecordConverted(new RecordRef(RecordTypes.Lead, lead.Id), new RecordRef(RecordTypes.Contact, contactId)), cancellationToken);
        db.Add(LeadConversion.Record(lead.Id, contactId, organizationId, opportunityId, clock.UtcNow, user.UserId));
        await mediator.Send(new LogTimelineEvent(new RecordRef(RecordTypes.Contact, contactId), ActivityKind.StatusChange,
            l.InBoth("Timeline_ConvertedFromLead", lead.FullName)), cancellationToken);
        if (opportunityId is { } id)
        {
            await opportunities.LogAsync(id, l.InBoth("Timeline_CreatedFromLead", lead.FullName), cancellationToken);
        }

        return new ConversionResult(contactId, organizationId, opportunityId);
    }

    private async Task<RecordLink> VisibleAsync(string type, Guid id, CancellationToken cancellationToken) =>
        await records.FindVisibleAsync(new RecordRef(type, id), cancellationToken) ?? throw new KeyNotFoundException();
}
