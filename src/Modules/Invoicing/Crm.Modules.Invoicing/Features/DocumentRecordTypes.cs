using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Invoicing.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Invoicing.Features;

/// <summary>Quotes as the rest of the app finds them: by number (any digits, any case), for those who may see them.</summary>
public sealed class QuoteRecordType(DbContext db, ICurrentUser user, IStringLocalizer<InvoicingResources> l) : IRecordType
{
    public string Type => InvoicingRecordTypes.Quote;

    public GlobalSearchEntry GlobalSearch => new(l["Menu_Quotes"], InvoicingPermissions.View, "/Invoicing/Quotes");

    public async Task<IReadOnlyDictionary<Guid, RecordLink>> FindVisibleAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var list = ids.ToList();
        var found = await db.Set<Quote>().VisibleTo(user).AsNoTracking().Where(q => list.Contains(q.Id)).ToListAsync(cancellationToken);
        return found.ToDictionary(q => q.Id, Link);
    }

    public async Task<IReadOnlyList<RecordLink>> SearchAsync(string text, int take, CancellationToken cancellationToken)
    {
        if (DocumentRecordTypes.NumberTerm(text) is not { } number)
        {
            return [];
        }

        var found = await db.Set<Quote>().VisibleTo(user).AsNoTracking().Where(q => q.Number.Contains(number))
            .OrderByDescending(q => q.Id).Take(take).ToListAsync(cancellationToken);
        return [.. found.Select(Link)];
    }

    public Task<IReadOnlyDictionary<string, object?>?> ReadFieldsAsync(Guid id, CancellationToken cancellationToken) =>
        DocumentSchemas.Quote.ReadAsync(db.Set<Quote>().VisibleTo(user), id, cancellationToken);

    public Task<IReadOnlyList<(Guid Id, IReadOnlyDictionary<string, object?> Values)>> PageFieldsAsync(int skip, int take, CancellationToken cancellationToken) =>
        DocumentSchemas.Quote.PageAsync(db.Set<Quote>().VisibleTo(user), skip, take, cancellationToken);

    private RecordLink Link(Quote q) =>
        new(new RecordRef(Type, q.Id), l["RecordType_Quote"], $"{q.DisplayNumber} — {q.CustomerName}", $"/Invoicing/Quotes/Details/{q.Id}")
        {
            OwnerId = q.OwnerId,
            TeamId = q.TeamId,
        };
}

/// <summary>Invoices as the rest of the app finds them: issued ones by number, for those who may see them.</summary>
public sealed class InvoiceRecordType(DbContext db, ICurrentUser user, IStringLocalizer<InvoicingResources> l) : IRecordType
{
    public string Type => InvoicingRecordTypes.Invoice;

    public GlobalSearchEntry GlobalSearch => new(l["Menu_Invoices"], InvoicingPermissions.View, "/Invoicing/Invoices");

    public async Task<IReadOnlyDictionary<Guid, RecordLink>> FindVisibleAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var list = ids.ToList();
        var found = await db.Set<Invoice>().VisibleTo(user).AsNoTracking().Where(i => list.Contains(i.Id)).ToListAsync(cancellationToken);
        return found.ToDictionary(i => i.Id, Link);
    }

    public async Task<IReadOnlyList<RecordLink>> SearchAsync(string text, int take, CancellationToken cancellationToken)
    {
        if (DocumentRecordTypes.NumberTerm(text) is not { } number)
        {
            return [];
        }

        var found = await db.Set<Invoice>().VisibleTo(user).AsNoTracking().Where(i => i.Number != null && i.Number.Contains(number))
            .OrderByDescending(i => i.Id).Take(take).ToListAsync(cancellationToken);
        return [.. found.Select(Link)];
    }

    public Task<IReadOnlyDictionary<string, object?>?> ReadFieldsAsync(Guid id, CancellationToken cancellationToken) =>
        DocumentSchemas.Invoice.ReadAsync(db.Set<Invoice>().VisibleTo(user), id, cancellationToken);

    public Task<IReadOnlyList<(Guid Id, IReadOnlyDictionary<string, object?> Values)>> PageFieldsAsync(int skip, int take, CancellationToken cancellationToken) =>
        DocumentSchemas.Invoice.PageAsync(db.Set<Invoice>().VisibleTo(user), skip, take, cancellationToken);

    private RecordLink Link(Invoice i) =>
        new(new RecordRef(Type, i.Id), l["RecordType_Invoice"], $"{i.Number ?? l["InvoiceStatus_Draft"]} — {i.CustomerName}", $"/Invoicing/Invoices/Details/{i.Id}")
        {
            OwnerId = i.OwnerId,
            TeamId = i.TeamId,
        };
}

internal static class DocumentRecordTypes
{
    /// <summary>
    /// A term that could be part of a document number (it holds a digit), as numbers are written: Latin digits, upper
    /// case. Names are left to the customer records, so a name search does not read every document.
    /// </summary>
    public static string? NumberTerm(string text)
    {
        var term = Digits.ToLatin(PersianText.Clean(text)).Trim().ToUpperInvariant();
        return term.Length is > 0 and <= 40 && term.Any(char.IsAsciiDigit) ? term : null;
    }
}
