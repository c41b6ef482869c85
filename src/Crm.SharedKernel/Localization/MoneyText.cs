using System.Globalization;

namespace Crm.SharedKernel.Localization;

/// <summary>The unit amounts are shown and typed in; they are always stored as whole rials.</summary>
public enum AmountUnit
{
    Rial = 0,
    Toman = 1,
}

/// <summary>
/// Writing and reading amounts of money, shared by every module that shows prices: grouped digits (Persian in Persian),
/// in rials or tomans. The modules wrap it with their own resources for the unit's name.
/// </summary>
public static class MoneyText
{
    /// <summary>
    /// The largest amount one record may hold: just under a quadrillion rials (100,000 billion tomans). Far above any
    /// real deal or invoice, and small enough that sums over millions of records stay exact (see <see cref="WideSum"/>).
    /// </summary>
    public const long MaxRials = 999_999_999_999_999;

    /// <summary>The largest quantity of one line.</summary>
    public const decimal MaxQuantity = 1_000_000;

    public static decimal RialsPer(AmountUnit unit) => unit == AmountUnit.Toman ? 10m : 1m;

    /// <summary>The amount in <paramref name="unit"/>, grouped, without the unit's name.</summary>
    public static string Number(decimal rials, AmountUnit unit, bool persian)
    {
        var text = (rials / RialsPer(unit)).ToString("#,0.#", CultureInfo.InvariantCulture);
        return persian ? Digits.ToPersian(text.Replace(',', '٬').Replace('.', '٫')) : text;
    }

    /// <summary>
    /// What a user typed (any digits, with or without separators) in <paramref name="unit"/>, as whole rials. Empty is
    /// zero; words, negative amounts, fractions of a rial and amounts above <see cref="MaxRials"/> are refused.
    /// </summary>
    public static bool TryParse(string? text, AmountUnit unit, out long rials)
    {
        rials = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var latin = Digits.ToLatin(text).Replace('٫', '.');
        if (latin.Any(char.IsLetter))
        {
            return false;
        }

        var clean = new string([.. latin.Where(c => char.IsAsciiDigit(c) || c is '.' or '-')]);
        if (!decimal.TryParse(clean, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            return false;
        }

        var exact = value * RialsPer(unit);
        if (exact != decimal.Truncate(exact) || exact > MaxRials)
        {
            return false;
        }

        rials = (long)exact;
        return true;
    }

    /// <summary>A plain number as typed (a percentage, a quantity) in any digits, with "." or "٫" before the decimals.</summary>
    public static bool TryParseNumber(string? text, out decimal value) =>
        decimal.TryParse(Digits.ToLatin(text ?? "").Trim().Replace('٫', '.'), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>A rial amount as typed in <paramref name="unit"/>, for an edit form.</summary>
    public static string Input(long rials, AmountUnit unit) => (rials / RialsPer(unit)).ToString("0.#", CultureInfo.InvariantCulture);
}
