using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Sales.Features;

/// <summary>The catalog and opportunities as the quotes and invoices module reads them.</summary>
public sealed class CatalogQueries(DbContext db, ICurrentUser user, IClock clock)
    : IRequestHandler<FindCatalogProducts, IReadOnlyList<CatalogProduct>>,
      IRequestHandler<GetCatalogProducts, IReadOnlyDictionary<Guid, CatalogProduct>>,
      IRequestHandler<ListPriceBooks, IReadOnlyList<PriceBookSummary>>,
      IRequestHandler<GetOpportunityForQuote, OpportunityForQuote?>
{
    public async ValueTask<IReadOnlyList<CatalogProduct>> Handle(FindCatalogProducts request, CancellationToken cancellationToken)
    {
        var query = db.Set<Product>().AsNoTracking().Where(p => p.IsActive);
        if (!string.IsNullOrWhiteSpace(request.Text))
        {
            var text = PersianText.Clean(request.Text);
            query = query.Where(p => p.Code.Contains(text) || p.Name.Contains(text) || (p.EnglishName != null && p.EnglishName.Contains(text)));
        }

        var products = await query.OrderBy(p => p.Code).Take(Math.Clamp(request.Take, 1, 100)).ToListAsync(cancellationToken);
        var book = await BookAsync(request.PriceBookId, cancellationToken);
        return [.. products.Select(p => Priced(p, book))];
    }

    public async ValueTask<IReadOnlyDictionary<Guid, CatalogProduct>> Handle(GetCatalogProducts request, CancellationToken cancellationToken)
    {
        var ids = request.ProductIds.Distinct().ToList();
        var products = await db.Set<Product>().IgnoreQueryFilters().AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(cancellationToken);
        var book = await BookAsync(request.PriceBookId, cancellationToken);
        return products.ToDictionary(p => p.Id, p => Priced(p, book));
    }

    public async ValueTask<IReadOnlyList<PriceBookSummary>> Handle(ListPriceBooks request, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.UtcNow);
        var books = await db.Set<PriceBook>().AsNoTracking().Where(b => b.IsActive).OrderBy(b => b.Name).ToListAsync(cancellationToken);
        return [.. books.Select(b => new PriceBookSummary(b.Id, b.Name, b.IsValidOn(today)))];
    }

    public async ValueTask<OpportunityForQuote?> Handle(GetOpportunityForQuote request, CancellationToken cancellationToken)
    {
        var deal = await db.Set<Opportunity>().VisibleTo(user).AsNoTracking().Include(o => o.Lines)
            .FirstOrDefaultAsync(o => o.Id == request.OpportunityId, cancellationToken);
        if (deal is null)
        {
            return null;
        }

        var products = await Handle(new GetCatalogProducts([.. deal.Lines.Select(l => l.ProductId)], deal.PriceBookId), cancellationToken);
        var customer = deal.OrganizationId is { } organization
            ? new RecordRef(RecordTypes.Organization, organization)
            : new RecordRef(RecordTypes.Contact, deal.ContactId ?? Guid.Empty);
        return new OpportunityForQuote(deal.Id, deal.Name, customer, deal.CustomerName, deal.OwnerId, deal.TeamId, deal.PriceBookId,
            [.. deal.Lines.OrderBy(l => l.Position).Where(l => products.ContainsKey(l.ProductId))
                .Select(l => new OpportunityProduct(products[l.ProductId], l.Quantity, l.UnitPrice))]);
    }

    private async Task<PriceBook?> BookAsync(Guid? id, CancellationToken cancellationToken) =>
        id is null ? null : await db.Set<PriceBook>().AsNoTracking().Include(b => b.Entries).FirstOrDefaultAsync(b => b.Id == id, cancellationToken);

    private static CatalogProduct Priced(Product p, PriceBook? book) =>
        new(p.Id, p.Code, p.Name, p.EnglishName, p.Unit, book?.PriceOf(p) ?? p.BasePrice, p.VatRate, p.Category, p.IsService)
        {
            WarrantyMonths = p.WarrantyMonths, FreeServices = p.FreeServices,
        };
}
