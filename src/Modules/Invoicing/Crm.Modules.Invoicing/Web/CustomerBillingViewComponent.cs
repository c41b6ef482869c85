using Crm.Modules.Invoicing.Features;
using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Invoicing.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Invoicing.Web;

public sealed record CustomerBillingModel(
    RecordRef Record,
    IReadOnlyList<Quote> Quotes,
    IReadOnlyList<Invoice> Invoices,
    IReadOnlyList<Payment> Payments,
    long OpenBalance,
    IReadOnlyList<ReminderPolicy> Policies,
    Guid? PolicyId,
    DateOnly Today,
    IReadOnlyList<PurchaseLine> Buyers);

/// <summary>
/// On a contact's or organization's page: their quotes, invoices, payments, cheques and open balance, and their reminder
/// policy. On an opportunity's page: its quotes and a button for a new one. On a product's page: who bought it.
/// </summary>
public sealed class CustomerBillingViewComponent(DbContext db, ICurrentUser user, IMediator mediator, IDisplayFormatter format) : ViewComponent
{
    private const string ViewPath = "~/Areas/Invoicing/Views/Shared/Components/CustomerBilling/Default.cshtml";

    public async Task<IViewComponentResult> InvokeAsync(RecordRef record)
    {
        if (!user.HasPermission(InvoicingPermissions.View))
        {
            return Content("");
        }

        var cancellationToken = HttpContext.RequestAborted;
        var today = format.Today();
        if (record.Type == RecordTypes.Product)
        {
            var buyers = await mediator.Send(new GetProductBuyers(record.Id, Take: 20), cancellationToken);
            return View(ViewPath, new CustomerBillingModel(record, [], [], [], 0, [], null, today, buyers));
        }

        if (record.Type == RecordTypes.Opportunity)
        {
            var forDeal = await db.Set<Quote>().VisibleTo(user).AsNoTracking().Where(q => q.OpportunityId == record.Id && q.Status != QuoteStatus.Superseded)
                .OrderByDescending(q => q.Id).Take(10).ToListAsync(cancellationToken);
            return View(ViewPath, new CustomerBillingModel(record, forDeal, [], [], 0, [], null, today, []));
        }

        if (record.Type is not (RecordTypes.Contact or RecordTypes.Organization))
        {
            return Content("");
        }

        var organization = record.Type == RecordTypes.Organization;
        var quotes = await db.Set<Quote>().VisibleTo(user).AsNoTracking()
            .Where(q => organization ? q.OrganizationId == record.Id : q.ContactId == record.Id && q.OrganizationId == null)
            .Where(q => q.Status != QuoteStatus.Superseded).OrderByDescending(q => q.Id).Take(5).ToListAsync(cancellationToken);
        var invoices = db.Set<Invoice>().VisibleTo(user).AsNoTracking().Include(i => i.Installments)
            .Where(i => organization ? i.OrganizationId == record.Id : i.ContactId == record.Id && i.OrganizationId == null);
        var recent = await invoices.OrderByDescending(i => i.Id).Take(5).ToListAsync(cancellationToken);
        var open = await invoices.Where(i => i.IssuedAt != null && i.CancelledAt == null && i.PaidAt == null && i.Type != InvoiceType.Return)
            .SumAsync(i => i.Total - i.PaidAmount - i.CreditedAmount, cancellationToken);
        var invoiceIds = invoices.Select(i => i.Id);
        var payments = await db.Set<Payment>().AsNoTracking().Where(p => invoiceIds.Contains(p.InvoiceId)).OrderByDescending(p => p.PaidOn).Take(5).ToListAsync(cancellationToken);
        var policies = await db.Set<ReminderPolicy>().AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
        var policy = await db.Set<CustomerReminderPolicy>().Where(c => c.CustomerType == record.Type && c.CustomerId == record.Id)
            .Select(c => (Guid?)c.ReminderPolicyId).FirstOrDefaultAsync(cancellationToken);
        return View(ViewPath, new CustomerBillingModel(record, quotes, recent, payments, open, policies, policy, today, []));
    }
}
