using System.Globalization;
using Crm.SharedKernel.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Sales.Features;

public enum AmountUnit
{
    Rial = 0,
    Toman = 1,
}

/// <summary>Settings of the Sales module (section <c>Sales</c>).</summary>
public sealed class SalesOptions
{
    /// <summary>Amounts are stored in rials; people may prefer to read and type them in tomans (ten rials).</summary>
    public AmountUnit AmountUnit { get; set; } = AmountUnit.Rial;
}

/// <summary>Amounts as people read and type them: in rials or tomans by the setting, with grouped (Persian) digits.</summary>
public sealed class Amounts(IOptions<SalesOptions> options, IDisplayFormatter format, IStringLocalizer<SalesResources> l)
{
    private decimal RialsPerUnit => options.Value.AmountUnit == AmountUnit.Toman ? 10m : 1m;

    public string UnitName => l["Unit_" + options.Value.AmountUnit];

    /// <summary>The amount in the display unit without the unit's name, for cards and tables.</summary>
    public string Number(long rials)
    {
        var text = (rials / RialsPerUnit).ToString("#,0.#", CultureInfo.InvariantCulture);
        return format.IsPersian ? Digits.ToPersian(text.Replace(',', '٬').Replace('.', '٫')) : text;
    }

    public string Show(long rials) => Number(rials) + " " + UnitName;

    /// <summary>
    /// What a user typed (any digits, with or without separators) in the display unit, as whole rials. Empty is zero;
    /// words, negative amounts and fractions of a rial are refused.
    /// </summary>
    public bool TryParse(string? text, out long rials)
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

        var exact = value * RialsPerUnit;
        if (exact != decimal.Truncate(exact) || exact >= 1_000_000_000_000_000_000m)
        {
            return false;
        }

        rials = (long)exact;
        return true;
    }

    /// <summary>A plain number as typed (a percentage, a quantity) in any digits, with "." or "٫" before the decimals.</summary>
    public static bool TryParseNumber(string? text, out decimal value) =>
        decimal.TryParse(Digits.ToLatin(text ?? "").Trim().Replace('٫', '.'), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>A rial amount as typed in the display unit, for an edit form.</summary>
    public string Input(long rials) => (rials / RialsPerUnit).ToString("0.#", CultureInfo.InvariantCulture);
}
