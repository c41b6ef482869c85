using Crm.Modules.Invoicing.Domain;
using Crm.Modules.Sales.Contracts;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Text;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Invoicing.Features;

/// <summary>Reading the parts the quote and invoice forms share: the buyer and the lines, with an error per field.</summary>
public sealed class DocumentForms(RecordDirectory records, IMediator mediator, Prices prices, IDisplayFormatter format, IStringLocalizer<InvoicingResources> l)
{
    public const int MaxLines = 300;

    public async Task<RecordLink?> CustomerAsync(string? text, Dictionary<string, string> errors, CancellationToken cancellationToken)
    {
        RecordLink? customer = null;
        if (!RecordRef.TryParse(text, out var reference) || reference.Type is not (RecordTypes.Organization or RecordTypes.Contact)
            || (customer = await records.FindVisibleAsync(reference, cancellationToken)) is null)
        {
            errors[nameof(DocumentEditModel.Customer)] = l["Error_Customer"];
        }

        return customer;
    }

    public DateOnly? Date(string? text, string field, Dictionary<string, string> errors)
    {
        if (format.TryParseDateInput(text, out var date))
        {
            return date;
        }

        errors[field] = l["Error_Date"];
        return null;
    }

    /// <summary>The terms (printed) and notes (internal) within their limits, each error under its own field.</summary>
    public void CheckTexts(string? terms, string? notes, Dictionary<string, string> errors)
    {
        if (terms?.Length > 4000)
        {
            errors[nameof(DocumentEditModel.Terms)] = l["Error_TooLong", format.Number(4000)];
        }

        if (notes?.Length > 2000)
        {
            errors[nameof(DocumentEditModel.Notes)] = l["Error_TooLong", format.Number(2000)];
        }
    }

    /// <summary>The lines typed, in order; empty rows are dropped, a row with anything wrong names its number.</summary>
    public List<T> Lines<T>(IReadOnlyList<LineInput> inputs, Dictionary<string, string> errors)
        where T : DocumentLine, new()
    {
        var lines = new List<T>();
        var rows = inputs.Where(i => !string.IsNullOrWhiteSpace(i.Description) || i.ProductId is not null).ToList();
        if (rows.Count == 0)
        {
            errors[nameof(DocumentEditModel.Lines)] = l["Error_NoLines"];
        }
        else if (rows.Count > MaxLines)
        {
            errors[nameof(DocumentEditModel.Lines)] = l["Error_TooManyLines", format.Number(MaxLines)];
        }

        for (var i = 0; i < rows.Count && i < MaxLines; i++)
        {
            var row = rows[i];
            var problems = new List<string>();
            var line = new T { Position = i, ProductId = row.ProductId, Code = Trim(row.Code, 40), Description = PersianText.Clean(row.Description ?? ""), Unit = PersianText.Clean(row.Unit ?? "") };
            if (line.Description.Length is 0 or > 300)
            {
                problems.Add(l["Error_LineDescription"]);
            }

            if (line.Unit.Length > 30)
            {
                line.Unit = line.Unit[..30];
            }

            if (!MoneyText.TryParseNumber(row.Quantity, out var quantity) || quantity <= 0 || quantity > MoneyText.MaxQuantity || decimal.Round(quantity, 3) != quantity)
            {
                problems.Add(l["Error_Quantity"]);
            }

            if (!prices.TryParse(row.UnitPrice, out var unitPrice))
            {
                problems.Add(l["Error_UnitPrice"]);
            }

            if (!MoneyText.TryParseNumber(string.IsNullOrWhiteSpace(row.VatRate) ? "0" : row.VatRate, out var vat) || vat is < 0 or > 100)
            {
                problems.Add(l["Error_Vat"]);
            }

            (line.Quantity, line.UnitPrice, line.VatRate) = (quantity, unitPrice, vat);
            var discount = (row.Discount ?? "").Trim();
            if (discount.EndsWith('%') || discount.EndsWith('٪'))
            {
                if (!MoneyText.TryParseNumber(discount[..^1], out var percent) || percent is < 0 or > 100)
                {
                    problems.Add(l["Error_Discount"]);
                }

                line.DiscountPercent = percent == 0 ? null : percent;
            }
            else if (!prices.TryParse(discount, out var amount))
            {
                problems.Add(l["Error_Discount"]);
            }
            else
            {
                line.DiscountAmount = amount == 0 ? null : amount;
            }

            if (problems.Count == 0 && quantity * unitPrice > MoneyText.MaxRials)
            {
                problems.Add(l["Error_LineTooLarge"]);
            }

            if (problems.Count == 0)
            {
                line.Compute();
                if (line.Net < 0)
                {
                    problems.Add(l["Error_DiscountAboveAmount"]);
                }
            }

            if (problems.Count > 0)
            {
                errors[$"Lines[{i}]"] = l["Error_Line", format.Number(i + 1), string.Join(" ", problems)];
            }

            lines.Add(line);
        }

        if (errors.Count == 0 && lines.Sum(x => x.Total) > MoneyText.MaxRials)
        {
            errors[""] = l["Error_TotalTooLarge"];
        }

        return lines;
    }

    /// <summary>The parts of a stored document both forms show: its buyer, language, wording and lines.</summary>
    public T Filled<T>(T model, BillingDocument document)
        where T : DocumentEditModel
    {
        (model.Id, model.Version, model.Customer, model.CustomerName) = (document.Id, document.Version, document.Customer.ToString(), document.CustomerName);
        (model.Language, model.Terms, model.Notes) = (document.Language, document.Terms, document.Notes);
        model.Lines = Inputs(document.LinesInOrder());
        return model;
    }

    /// <summary>The lines of a document as the form shows them again.</summary>
    public List<LineInput> Inputs(IEnumerable<DocumentLine> lines) =>
        [.. lines.OrderBy(x => x.Position).Select(x => new LineInput
        {
            ProductId = x.ProductId,
            Code = x.Code,
            Description = x.Description,
            Unit = x.Unit,
            Quantity = x.Quantity.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
            UnitPrice = prices.Input(x.UnitPrice),
            Discount = x.DiscountPercent is { } p ? p.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "%" : x.DiscountAmount is { } a ? prices.Input(a) : "",
            VatRate = x.VatRate.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
        })];

    public static LineInput Input(CatalogProduct product, decimal quantity, long unitPrice, bool persian, Prices prices) => new()
    {
        ProductId = product.Id,
        Code = product.Code,
        Description = persian || product.EnglishName is null ? product.Name : product.EnglishName,
        Unit = product.Unit,
        Quantity = quantity.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
        UnitPrice = prices.Input(unitPrice),
        Discount = "",
        VatRate = product.VatRate.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The catalog and price books for the form's line picker.</summary>
    public async Task<T> WithChoicesAsync<T>(T model, CancellationToken cancellationToken)
        where T : DocumentEditModel
    {
        // Base prices in the catalog, each book's prices beside them: the form re-prices as the book changes.
        model.Products = await mediator.Send(new FindCatalogProducts(null, null, 100), cancellationToken);
        model.PriceBooks = await mediator.Send(new ListPriceBooks(), cancellationToken);
        var bookPrices = new Dictionary<Guid, IReadOnlyDictionary<Guid, long>>();
        foreach (var book in model.PriceBooks)
        {
            var priced = await mediator.Send(new FindCatalogProducts(null, book.Id, 100), cancellationToken);
            bookPrices[book.Id] = priced.ToDictionary(p => p.Id, p => p.Price);
        }

        model.BookPrices = bookPrices;
        // Room for a few more lines; "add line" makes more.
        var wanted = Math.Max(3, model.Lines.Count(l => !string.IsNullOrWhiteSpace(l.Description)) + 1);
        while (model.Lines.Count < wanted)
        {
            model.Lines.Add(new LineInput { Quantity = "1" });
        }

        return model;
    }

    private static string? Trim(string? text, int max) => string.IsNullOrWhiteSpace(text) ? null : text.Trim()[..Math.Min(text.Trim().Length, max)];
}
