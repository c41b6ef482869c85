using Crm.SharedKernel.Domain;

namespace Crm.Modules.Sales.Domain;

/// <summary>A product or service the company sells, named in Persian and English.</summary>
public sealed class Product : AggregateRoot
{
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public string? EnglishName { get; set; }

    /// <summary>Unit of sale: "عدد", "kg", "hour"…</summary>
    public string Unit { get; set; } = "";

    /// <summary>Whole rials.</summary>
    public long BasePrice { get; set; }

    /// <summary>Value added tax in percent (Iran's standard rate is 10).</summary>
    public decimal VatRate { get; set; } = 10;

    public string? Category { get; set; }

    public bool IsService { get; set; }

    /// <summary>How long a sold item is under warranty, in months from its sale; 0 when it has none.</summary>
    public int WarrantyMonths { get; set; }

    /// <summary>How many free services come with a sold item.</summary>
    public int FreeServices { get; set; }

    public const int MaxWarrantyMonths = 120;

    public const int MaxFreeServices = 50;

    public bool IsActive { get; set; } = true;

    public string DisplayName => Names.Pick(Name, EnglishName);
}

/// <summary>Special prices for some customers ("VIP", "Wholesale") for a period; chosen on an opportunity, it flows into the quote.</summary>
public sealed class PriceBook : AggregateRoot
{
    public string Name { get; set; } = "";

    public DateOnly? ValidFrom { get; set; }

    public DateOnly? ValidTo { get; set; }

    public bool IsActive { get; set; } = true;

    public List<PriceBookEntry> Entries { get; } = [];

    public bool IsValidOn(DateOnly day) => IsActive && (ValidFrom is null || ValidFrom <= day) && (ValidTo is null || day <= ValidTo);

    /// <summary>The book's price of a product: its own price, or the base price less the book's discount, or the base price.</summary>
    public long PriceOf(Product product) =>
        Entries.FirstOrDefault(e => e.ProductId == product.Id) is { } entry
            ? entry.Price ?? (long)Math.Round(product.BasePrice * (100 - (entry.DiscountPercent ?? 0)) / 100m, 0, MidpointRounding.AwayFromZero)
            : product.BasePrice;
}

/// <summary>A product's price in a book: a fixed price, or a discount in percent off the base price (negative for a mark-up).</summary>
public sealed class PriceBookEntry : Entity
{
    public Guid PriceBookId { get; set; }

    public Guid ProductId { get; set; }

    public long? Price { get; set; }

    public decimal? DiscountPercent { get; set; }
}

/// <summary>A month's target for a rep (or a whole team): an amount won and a number of deals. Months are Jalali.</summary>
public sealed class SalesTarget : AggregateRoot
{
    public int Year { get; set; }

    public int Month { get; set; }

    public Guid? UserId { get; set; }

    public Guid? TeamId { get; set; }

    public long Amount { get; set; }

    public int Deals { get; set; }
}

/// <summary>
/// How much commission a paid invoice earns: a percentage of the lines of a product category (or of all lines when no
/// category is given), or a flat amount per paid invoice. The invoices module computes the amounts.
/// </summary>
public sealed class CommissionRule : AggregateRoot
{
    public string Name { get; set; } = "";

    public string? Category { get; set; }

    public decimal? Percent { get; set; }

    public long? FlatAmount { get; set; }

    public bool IsActive { get; set; } = true;
}
