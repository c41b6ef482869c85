using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Invoicing.Domain;
using Crm.Modules.Sales.Contracts;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Reports;
using Crm.SharedKernel.Security;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Invoicing.Features;

/// <summary>Purchase history from issued, not cancelled invoices: what a customer bought, and who bought a product.</summary>
public sealed class Purchases(DbContext db, ICurrentUser user, IMediator mediator, IDisplayFormatter format) :
    IRequestHandler<GetCustomerPurchases, IReadOnlyList<PurchaseLine>>,
    IRequestHandler<GetProductBuyers, IReadOnlyList<PurchaseLine>>,
    IRequestHandler<GetRevenue, Revenue>,
    IRequestHandler<GetOwnerRevenue, IReadOnlyList<OwnerRevenue>>
{
    public async ValueTask<IReadOnlyList<PurchaseLine>> Handle(GetCustomerPurchases request, CancellationToken cancellationToken)
    {
        var invoices = Issued(request.From, request.To);
        invoices = request.Customer.Type == RecordTypes.Organization
            ? invoices.Where(i => i.OrganizationId == request.Customer.Id)
            : invoices.Where(i => i.ContactId == request.Customer.Id && i.OrganizationId == null);
        return await Lines(invoices, db.Set<InvoiceLine>()).ToListAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<PurchaseLine>> Handle(GetProductBuyers request, CancellationToken cancellationToken) =>
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

    public async ValueTask<Revenue> Handle(GetRevenue request, CancellationToken cancellationToken)
    {
        var invoices = Issued(request.From, request.To);
        var byCustomer = await invoices.GroupBy(i => new { i.OrganizationId, ContactId = i.OrganizationId == null ? i.ContactId : null }).Select(g => new
        {
            g.Key.OrganizationId,
            g.Key.ContactId,
            Name = g.Max(i => i.CustomerName),
            Invoices = g.Count(i => i.Type != InvoiceType.Return),
            NetHigh = g.Sum(i => (i.Type == InvoiceType.Return ? i.VatTotal - i.Total : i.Total - i.VatTotal) / WideSum.Unit),
            NetLow = g.Sum(i => (i.Type == InvoiceType.Return ? i.VatTotal - i.Total : i.Total - i.VatTotal) % WideSum.Unit),
            Last = g.Max(i => i.IssueDate),
        }).ToListAsync(cancellationToken);
        var byProduct = await (from i in invoices
                               join l in db.Set<InvoiceLine>() on i.Id equals l.InvoiceId
                               group new { l, Return = i.Type == InvoiceType.Return } by l.ProductId into g
                               select new
                               {
                                   ProductId = g.Key,
                                   Description = g.Max(x => x.l.Description),
                                   Quantity = g.Sum(x => x.Return ? -x.l.Quantity : x.l.Quantity),
                                   NetHigh = g.Sum(x => (x.Return ? -x.l.Net : x.l.Net) / WideSum.Unit),
                                   NetLow = g.Sum(x => (x.Return ? -x.l.Net : x.l.Net) % WideSum.Unit),
                               }).ToListAsync(cancellationToken);
        var byDay = await invoices.GroupBy(i => i.IssueDate)
            .Select(g => new
            {
                g.Key,
                High = g.Sum(i => (i.Type == InvoiceType.Return ? i.VatTotal - i.Total : i.Total - i.VatTotal) / WideSum.Unit),
                Low = g.Sum(i => (i.Type == InvoiceType.Return ? i.VatTotal - i.Total : i.Total - i.VatTotal) % WideSum.Unit),
            })
            .ToListAsync(cancellationToken);
        return new Revenue(
            [.. byCustomer.Select(c => new CustomerRevenue(
                new RecordRef(c.OrganizationId is null ? RecordTypes.Contact : RecordTypes.Organization, c.OrganizationId ?? c.ContactId ?? Guid.Empty),
                c.Name ?? "", c.Invoices, WideSum.Of(c.NetHigh, c.NetLow), c.Last)).OrderByDescending(c => c.Net).ThenBy(c => c.Name, StringComparer.Ordinal)],
            [.. byProduct.Select(p => new ProductRevenue(p.ProductId, p.Description, p.Quantity, WideSum.Of(p.NetHigh, p.NetLow))).OrderByDescending(p => p.Net)],
            [.. byDay.Select(d => new DayRevenue(d.Key, WideSum.Of(d.High, d.Low))).OrderBy(d => d.Date)]);
    }

    public async ValueTask<IReadOnlyList<OwnerRevenue>> Handle(GetOwnerRevenue request, CancellationToken cancellationToken)
    {
        var invoiced = await Issued(request.From, request.To).Where(i => i.OwnerId != null).GroupBy(i => i.OwnerId!.Value)
            .Select(g => new
            {
                g.Key,
                High = g.Sum(i => (i.Type == InvoiceType.Return ? i.VatTotal - i.Total : i.Total - i.VatTotal) / WideSum.Unit),
                Low = g.Sum(i => (i.Type == InvoiceType.Return ? i.VatTotal - i.Total : i.Total - i.VatTotal) % WideSum.Unit),
            })
            .ToDictionaryAsync(g => g.Key, g => WideSum.Of(g.High, g.Low), cancellationToken);
        var visible = db.Set<Invoice>().AsNoTracking().VisibleTo(user).Where(i => i.OwnerId != null);
        var paid = await (from p in db.Set<Payment>().AsNoTracking()
                          join i in visible on p.InvoiceId equals i.Id
                          where p.PaidOn >= request.From && p.PaidOn <= request.To && p.ChequeStatus != ChequeStatus.Bounced
                          group p.Amount by i.OwnerId!.Value into g
                          select new { g.Key, High = g.Sum(a => a / WideSum.Unit), Low = g.Sum(a => a % WideSum.Unit) })
            .ToDictionaryAsync(g => g.Key, g => WideSum.Of(g.High, g.Low), cancellationToken);

        // Commission: on the invoices paid in full in the period, by the rules of the sales module.
        var (fromUtc, toUtc) = (format.ToUtc(request.From.ToDateTime(TimeOnly.MinValue)), format.ToUtc(request.To.AddDays(1).ToDateTime(TimeOnly.MinValue)));
        var paidLines = await (from i in visible.Where(i => i.Type == InvoiceType.Sales && i.CancelledAt == null && i.PaidAt >= fromUtc && i.PaidAt < toUtc)
                               join l in db.Set<InvoiceLine>() on i.Id equals l.InvoiceId
                               select new { InvoiceId = i.Id, Owner = i.OwnerId!.Value, l.ProductId, l.Net }).ToListAsync(cancellationToken);
        var rules = await mediator.Send(new ListCommissionRules(), cancellationToken);
        var products = paidLines.Count == 0 ? new Dictionary<Guid, CatalogProduct>()
            : await mediator.Send(new GetCatalogProducts([.. paidLines.Where(l => l.ProductId != null).Select(l => l.ProductId!.Value).Distinct()], null), cancellationToken);
        string? Category(Guid? product) => product is { } id && products.TryGetValue(id, out var p) ? p.Category : null;
        bool Matches(CommissionRuleSummary rule, Guid? product) =>
            rule.Category is null || string.Equals(rule.Category, Category(product), StringComparison.OrdinalIgnoreCase);
        var commission = paidLines.GroupBy(l => l.Owner).ToDictionary(g => g.Key, g => rules.Sum(rule =>
        {
            var lines = g.Where(l => Matches(rule, l.ProductId)).ToList();
            return rule.Percent is { } percent
                ? Math.Round(lines.Sum(l => (decimal)l.Net) * percent / 100m, MidpointRounding.AwayFromZero)
                : (decimal)(rule.FlatAmount ?? 0) * lines.Select(l => l.InvoiceId).Distinct().Count();
        }));

        return [.. invoiced.Keys.Union(paid.Keys).Union(commission.Keys)
            .Select(owner => new OwnerRevenue(owner, invoiced.GetValueOrDefault(owner), paid.GetValueOrDefault(owner), commission.GetValueOrDefault(owner)))];
    }
}
