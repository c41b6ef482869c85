using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.Modules.Sales.Features;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Sales.Web;

/// <summary>Buttons in a record page's header: convert a lead; open a new deal for a contact or organization.</summary>
public sealed class SalesRecordActionsViewComponent(ICurrentUser user) : ViewComponent
{
    public IViewComponentResult Invoke(RecordRef record) =>
        user.HasPermission(SalesPermissions.Edit) && record.Type is RecordTypes.Lead or RecordTypes.Contact or RecordTypes.Organization
            ? View("~/Areas/Sales/Views/Shared/Components/SalesRecordActions/Default.cshtml", record)
            : Content("");
}

/// <summary>A customer's deals on their page: open ones first, with stage and amount.</summary>
public sealed class CustomerOpportunitiesViewComponent(DbContext db, ICurrentUser user, Pipeline pipeline, IMediator mediator) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(RecordRef record)
    {
        if (!user.HasPermission(SalesPermissions.View) || record.Type is not (RecordTypes.Contact or RecordTypes.Organization))
        {
            return Content("");
        }

        // A person's page also lists the deals of the organizations they work for: those are often theirs to follow.
        var organizations = record.Type == RecordTypes.Contact ? await mediator.Send(new GetContactOrganizations(record.Id), HttpContext.RequestAborted) : [];
        var query = db.Set<Opportunity>().VisibleTo(user).AsNoTracking();
        query = record.Type == RecordTypes.Organization
            ? query.Where(o => o.OrganizationId == record.Id)
            : query.Where(o => o.ContactId == record.Id || (o.OrganizationId != null && organizations.Contains(o.OrganizationId.Value)));
        var deals = await query.OrderBy(o => o.Status).ThenByDescending(o => o.Id).Take(10)
            .Select(o => new CustomerDeal(o.Id, o.Name, o.Amount, o.Status, o.StageId)
            {
                ViaOrganization = record.Type == RecordTypes.Contact && o.ContactId != record.Id ? o.CustomerName : null,
            }).ToListAsync();
        return View("~/Areas/Sales/Views/Shared/Components/CustomerOpportunities/Default.cshtml",
            new CustomerDealsModel(record, deals, deals.Count == 0 ? new Dictionary<Guid, Stage>() : await pipeline.StagesAsync(HttpContext.RequestAborted)));
    }
}

public sealed record CustomerDeal(Guid Id, string Name, long Amount, OpportunityStatus Status, Guid StageId)
{
    /// <summary>On a person's page, the organization whose deal this is (not the person's own).</summary>
    public string? ViaOrganization { get; init; }
}

public sealed record CustomerDealsModel(RecordRef Record, IReadOnlyList<CustomerDeal> Deals, IReadOnlyDictionary<Guid, Stage> Stages);

/// <summary>The colour of a deal's status everywhere it is shown.</summary>
public static class StatusBadge
{
    public static string Css(OpportunityStatus status) => status switch
    {
        OpportunityStatus.Won => "text-bg-success",
        OpportunityStatus.Lost => "text-bg-danger",
        _ => "text-bg-primary",
    };
}
