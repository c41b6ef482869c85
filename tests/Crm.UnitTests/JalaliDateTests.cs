using Crm.SharedKernel.Localization;

namespace Crm.UnitTests;

public sealed class JalaliDateTests
{
    [Theory]
    [InlineData(2026, 3, 21, "1405/01/01")] // Nowruz 1405
    [InlineData(2026, 11, 22, "1405/09/01")]
    [InlineData(2025, 3, 20, "1403/12/30")] // last day of a leap year
    [InlineData(1979, 2, 11, "1357/11/22")]
    public void Formats_Gregorian_dates_in_the_Jalali_calendar(int y, int m, int d, string expected)
    {
        JalaliDate.Format(new DateOnly(y, m, d)).ShouldBe(expected);
        JalaliDate.TryParse(expected, out var back).ShouldBeTrue();
        back.ShouldBe(new DateOnly(y, m, d));
    }

    [Theory]
    [InlineData("۱۴۰۵/۰۹/۰۱")]
    [InlineData("١٤٠٥/٠٩/٠١")]
    [InlineData("1405-9-1")]
    public void Parses_Persian_and_Arabic_Indic_digits_and_either_separator(string text)
    {
        JalaliDate.TryParse(text, out var date).ShouldBeTrue();
        date.ShouldBe(new DateOnly(2026, 11, 22));
    }

    [Theory]
    [InlineData("1404/12/30")] // 1404 is not a leap year
    [InlineData("1405/13/01")]
    [InlineData("1405/07/31")] // the second half of the year has 30-day months
    [InlineData("")]
    [InlineData("yesterday")]
    public void Rejects_dates_that_do_not_exist(string text) => JalaliDate.TryParse(text, out _).ShouldBeFalse();

    [Fact]
    public void Long_form_uses_Persian_month_names() =>
        JalaliDate.FormatLong(new DateOnly(2026, 11, 22)).ShouldBe("1 آذر 1405");

    [Theory]
    [InlineData("0123456789", "۰۱۲۳۴۵۶۷۸۹")]
    [InlineData("1405/09/01 - No. 42", "۱۴۰۵/۰۹/۰۱ - No. ۴۲")]
    public void Digits_convert_each_way_with_fixed_expected_text(string latin, string persian)
    {
        Digits.ToPersian(latin).ShouldBe(persian);
        Digits.ToLatin(persian).ShouldBe(latin);
        Digits.ToLatin("٠١٢٣٤٥٦٧٨٩").ShouldBe("0123456789"); // Arabic-Indic digits read as Latin too
    }
}
