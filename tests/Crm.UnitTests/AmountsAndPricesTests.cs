using System.Globalization;
using Crm.Infrastructure.Localization;
using Crm.Modules.Sales;
using Crm.Modules.Sales.Domain;
using Crm.Modules.Sales.Features;
using Crm.SharedKernel.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Crm.UnitTests;

public sealed class AmountsAndPricesTests
{
    private static Amounts In(string culture, AmountUnit unit)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        var format = new DisplayFormatter(Options.Create(new Crm.Infrastructure.Localization.LocalizationOptions()), new Crm.SharedKernel.Time.SystemClock());
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new Microsoft.Extensions.Localization.LocalizationOptions()), NullLoggerFactory.Instance);
        return new Amounts(Options.Create(new SalesOptions { AmountUnit = unit }), format, new StringLocalizer<SalesResources>(factory));
    }

    [Theory]
    [InlineData("1200000", 1_200_000)]
    [InlineData("1,200,000", 1_200_000)]
    [InlineData("۱٬۲۰۰٬۰۰۰", 1_200_000)]
    [InlineData("١٢٠٠٠٠٠", 1_200_000)]
    [InlineData(" 2500 ", 2_500)]
    [InlineData("", 0)]
    public void Amounts_are_read_in_any_digits_with_or_without_separators(string typed, long rials)
    {
        In("fa-IR", AmountUnit.Rial).TryParse(typed, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(rials);
    }

    [Theory]
    [InlineData("دوازده")]
    [InlineData("-5")]
    [InlineData("12abc")]
    [InlineData("2500.5")]
    public void Words_and_negative_amounts_are_refused(string typed) =>
        In("en-US", AmountUnit.Rial).TryParse(typed, out _).ShouldBeFalse();

    [Fact]
    public void Tomans_are_shown_and_typed_as_tens_of_rials()
    {
        var fa = In("fa-IR", AmountUnit.Toman);
        fa.TryParse("۱۲۰٬۰۰۰", out var rials).ShouldBeTrue();
        rials.ShouldBe(1_200_000L);
        fa.Show(1_200_000L).ShouldBe("۱۲۰٬۰۰۰ تومان");
        fa.TryParse("۱۲٫۵", out var half).ShouldBeTrue();
        half.ShouldBe(125L);
        In("en-US", AmountUnit.Rial).Show(1_200_000L).ShouldBe("1,200,000 rials");
    }

    [Fact]
    public void A_price_book_gives_its_own_price_or_its_discount_or_the_base_price()
    {
        var reader = new Product { BasePrice = 12_000_000L };
        var printer = new Product { BasePrice = 7_500_000L };
        var cable = new Product { BasePrice = 333_333L };
        var book = new PriceBook();
        book.Entries.Add(new PriceBookEntry { ProductId = reader.Id, Price = 11_000_000L });
        book.Entries.Add(new PriceBookEntry { ProductId = printer.Id, DiscountPercent = 10m });
        book.PriceOf(reader).ShouldBe(11_000_000L);
        book.PriceOf(printer).ShouldBe(6_750_000L);
        book.PriceOf(cable).ShouldBe(333_333L);
        book.Entries.Add(new PriceBookEntry { ProductId = cable.Id, DiscountPercent = 15m });
        book.PriceOf(cable).ShouldBe(283_333L); // 283,333.05 rounded to whole rials
    }

    [Fact]
    public void A_price_book_is_valid_only_in_its_period_and_while_active()
    {
        var book = new PriceBook { ValidFrom = new DateOnly(2026, 3, 21), ValidTo = new DateOnly(2027, 3, 20) };
        book.IsValidOn(new DateOnly(2026, 11, 30)).ShouldBeTrue();
        book.IsValidOn(new DateOnly(2027, 3, 21)).ShouldBeFalse();
        book.IsActive = false;
        book.IsValidOn(new DateOnly(2026, 11, 30)).ShouldBeFalse();
    }

    [Fact]
    public void A_new_process_has_its_open_stages_in_order_then_won_and_lost()
    {
        var process = SalesProcess.Create("پروژه", "Projects", [("الف", "A", 10), ("ب", "B", 50)]);
        process.BoardStages.Select(s => s.Kind).ShouldBe([StageKind.Open, StageKind.Open, StageKind.Won, StageKind.Lost]);
        process.OpenStages.Select(s => s.Probability).ShouldBe([10, 50]);
        (process.Won.Probability, process.Lost.Probability).ShouldBe((100, 0));
    }
}
