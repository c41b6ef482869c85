using Crm.SharedKernel.Domain;

namespace Crm.Modules.Invoicing.Domain;

/// <summary>
/// A line of a quote or an invoice. What was typed (quantity, unit price, discount, VAT rate) and what follows from it
/// (gross, discount, net, VAT, total in whole rials) are both stored, so a document never changes when the catalog does
/// and reports sum stored integers.
/// </summary>
public abstract class DocumentLine : Entity
{
    public int Position { get; set; }

    public Guid? ProductId { get; set; }

    public string? Code { get; set; }

    public string Description { get; set; } = "";

    public string Unit { get; set; } = "";

    public decimal Quantity { get; set; } = 1;

    /// <summary>Whole rials.</summary>
    public long UnitPrice { get; set; }

    /// <summary>A discount in percent of the line's gross amount, or …</summary>
    public decimal? DiscountPercent { get; set; }

    /// <summary>… a discount in rials; never both.</summary>
    public long? DiscountAmount { get; set; }

    public decimal VatRate { get; set; }

    public long Gross { get; private set; }

    public long Discount { get; private set; }

    public long Net { get; private set; }

    public long Vat { get; private set; }

    public long Total { get; private set; }

    /// <summary>The line's discount as a percentage of its gross amount, for the approval threshold.</summary>
    public decimal DiscountShare => Gross == 0 ? 0 : Discount * 100m / Gross;

    public void Compute()
    {
        var amounts = DocumentMath.Line(Quantity, UnitPrice, DiscountPercent, DiscountAmount, VatRate);
        (Gross, Discount, Net, Vat, Total) = (amounts.Gross, amounts.Discount, amounts.Net, amounts.Vat, amounts.Total);
    }

    public void CopyFrom(DocumentLine other)
    {
        (Position, ProductId, Code, Description, Unit, Quantity, UnitPrice, DiscountPercent, DiscountAmount, VatRate) =
            (other.Position, other.ProductId, other.Code, other.Description, other.Unit, other.Quantity, other.UnitPrice, other.DiscountPercent, other.DiscountAmount, other.VatRate);
        Compute();
    }
}

public sealed class QuoteLine : DocumentLine
{
    public Guid QuoteId { get; set; }
}

public sealed class InvoiceLine : DocumentLine
{
    public Guid InvoiceId { get; set; }
}

/// <summary>A line's or a document's amounts in whole rials.</summary>
public readonly record struct LineAmounts(long Gross, long Discount, long Net, long Vat, long Total)
{
    public static LineAmounts operator +(LineAmounts a, LineAmounts b) =>
        new(a.Gross + b.Gross, a.Discount + b.Discount, a.Net + b.Net, a.Vat + b.Vat, a.Total + b.Total);
}

/// <summary>
/// The arithmetic of quotes and invoices, in exact decimals. Each line is rounded to whole rials (half away from zero)
/// at each step, as on an Iranian invoice where every line shows its own discount and VAT; the document's totals are
/// the sums of its lines, so the printed columns always add up.
/// </summary>
public static class DocumentMath
{
    public static LineAmounts Line(decimal quantity, long unitPrice, decimal? discountPercent, long? discountAmount, decimal vatRate)
    {
        var gross = Rials(quantity * unitPrice);
        var discount = discountPercent is { } percent ? Rials(gross * percent / 100m) : discountAmount ?? 0;
        var net = gross - discount;
        var vat = Rials(net * vatRate / 100m);
        return new LineAmounts(gross, discount, net, vat, net + vat);
    }

    public static LineAmounts Sum(IEnumerable<DocumentLine> lines) =>
        lines.Aggregate(default(LineAmounts), (sum, l) => sum + new LineAmounts(l.Gross, l.Discount, l.Net, l.Vat, l.Total));

    public static long Rials(decimal amount) => (long)Math.Round(amount, 0, MidpointRounding.AwayFromZero);
}
