using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Sales.Features;

/// <summary>
/// Opens a deal for a contact, an organization or a converted lead (its contact, or its organization when it became
/// one), in the default process's first stage, owned by the source's owner; an automation's "create a related record".
/// A lead has one deal: one it already has is given back instead.
/// </summary>
public sealed record OpenDealFor(RecordRef Source, string? Name) : ICommand<OpenedRecord>;

public sealed class OpenDealForHandler(
    DbContext db,
    RecordDirectory records,
    Pipeline pipeline,
    OpportunityService opportunities,
    IMediator mediator,
    IStringLocalizer<SalesResources> l) : IRequestHandler<OpenDealFor, OpenedRecord>
{
    public async ValueTask<OpenedRecord> Handle(OpenDealFor request, CancellationToken cancellationToken)
    {
        var source = request.Source;
        var sourceLink = await records.FindVisibleAsync(source, cancellationToken);
        if (sourceLink is null)
        {
            return OpenedRecord.Refused("the record is gone");
        }

        RecordRef customer;
        Guid? leadId = null;
        LeadConversion? conversion = null;
        switch (source.Type)
        {
            case RecordTypes.Contact or RecordTypes.Organization:
                customer = source;
                break;
            case RecordTypes.Lead:
                conversion = await db.Set<LeadConversion>().FirstOrDefaultAsync(c => c.LeadId == source.Id, cancellationToken);
                if (conversion is null)
                {
                    return OpenedRecord.Refused("the lead is not converted: a deal is opened for a customer, which the lead becomes on conversion");
                }

                var existing = conversion.OpportunityId
                    ?? await db.Set<Opportunity>().Where(o => o.LeadId == source.Id).OrderBy(o => o.CreatedAt).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken);
                if (existing is { } dealId)
                {
                    return OpenedRecord.Existing(new RecordRef(RecordTypes.Opportunity, dealId));
                }

                customer = conversion.OrganizationId is { } organization
                    ? new RecordRef(RecordTypes.Organization, organization)
                    : new RecordRef(RecordTypes.Contact, conversion.ContactId);
                leadId = source.Id;
                break;
            default:
                return OpenedRecord.Refused($"a deal is not opened for a record of type {source.Type}");
        }

        var customerLink = await records.FindVisibleAsync(customer, cancellationToken);
        if (customerLink is null)
        {
            return OpenedRecord.Refused("the customer is gone");
        }

        if (await pipeline.ProcessAsync(null, cancellationToken) is not { } process || process.OpenStages.FirstOrDefault() is not { } stage)
        {
            return OpenedRecord.Refused("no sales process is defined");
        }

        var deal = opportunities.New(process, stage, leadId);
        var name = PersianText.Clean(request.Name ?? "");
        deal.Name = TextLimits.Shorten(name.Length > 0 ? name : customerLink.Title, 200);
        var isOrganization = customer.Type == RecordTypes.Organization;
        (deal.OrganizationId, deal.ContactId) = (isOrganization ? customer.Id : null, isOrganization ? null : customer.Id);
        deal.CustomerName = TextLimits.Shorten(customerLink.Title, 200);
        // The salesperson of the source (the lead's owner) keeps the deal; a customer with no owner leaves it to its own.
        deal.OwnerId = sourceLink.OwnerId ?? customerLink.OwnerId;
        deal.TeamId = sourceLink.OwnerId is null ? customerLink.TeamId : sourceLink.TeamId;
        // Where the customer came from, for the reports of deals by source.
        var fields = await records.Find(source.Type)!.ReadFieldsAsync(source.Id, cancellationToken);
        deal.Source = Enum.TryParse<CustomerSource>(fields?.GetValueOrDefault(nameof(Opportunity.Source)) as string, out var from) ? from : default;
        if (conversion is not null)
        {
            conversion.OpportunityId = deal.Id;
            await mediator.Send(new LinkLeadDeal(source.Id, deal.Id), cancellationToken);
        }

        await opportunities.LogAsync(deal.Id, l.InBoth("Timeline_OpenedFor", sourceLink.Title), cancellationToken);
        return OpenedRecord.Opened(new RecordRef(RecordTypes.Opportunity, deal.Id));
    }
}
