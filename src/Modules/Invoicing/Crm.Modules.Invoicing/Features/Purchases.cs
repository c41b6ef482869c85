using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Invoicing.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Invoicing.Features;

/// <summary>Purchase history from issued, not cancelled invoices: what a customer bought, and who bought a product.</summary>
public sealed class Purchases(DbContext db, ICurrentUser user) :
    IRequestHandler<GetCustomerPurchases, IReadOnlyList<PurchaseLine>>,
    IRequestHandler<GetProductBuyers, IReadOnlyList<PurchaseLine>>
{
    public async Task<IReadOnlyList<PurchaseLine>> Handle(GetCustomerPurchases request, CancellationToken cancellationToken)
    {
        var invoices = Issued(request.From, request.To);
        invoices = request.Customer.Type == RecordTypes.Organization
            ? invoices.Where(i => i.OrganizationId == request.Customer.Id)
            : invoices.Where(i => i.ContactId == request.Customer.Id && i.OrganizationId == null);
        return await Lines(invoices, db.Set<InvoiceLine>()).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PurchaseLine>> Handle(GetProductBuyers request, CancellationToken cancellationToken) =>
        await Lines(Issued(request.From, request.To), db.Set<InvoiceLine>().Where(l => l.ProductId == request.ProductId))
            .Take(Math.Clamp(request.Take, 1, 5000)).ToListAsync(cancellationToken);

    private IQueryable<Invoice> Issued(DateOnly? from, DateOnly? to)
    {
        var invoices = db.Set<Invoice>().AsNoTracking().VisibleTo(user).Where(i => i.IssuedAt != null && i.CancelledAt == null);
        if (from is { } f)
        {
            invoices = invoices.Where(i => i.IssueDate >= f);
        }

        return to is { } t ? invoices.Where(i => i.IssueDate <= t) : invoices;
    }

    private static IQueryable<PurchaseLine> Lines(IQueryable<Invoice> invoices, IQueryable<InvoiceLine> lines) =>
        from i in invoices
        join l in lines on i.Id equals l.InvoiceId
        orderby i.IssueDate descending, i.Number descending, l.Position
        select new PurchaseLine(i.Id, i.Number!, i.IssueDate,
            new RecordRef(i.OrganizationId != null ? RecordTypes.Organization : RecordTypes.Contact, i.OrganizationId ?? i.ContactId ?? Guid.Empty),
            i.CustomerName, l.ProductId, l.Description, l.Quantity, l.Unit, l.Net, i.Type == InvoiceType.Return);
}
