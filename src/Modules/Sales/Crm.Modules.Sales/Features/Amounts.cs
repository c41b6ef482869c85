using Crm.SharedKernel.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Sales.Features;

/// <summary>Settings of the Sales module (section <c>Sales</c>).</summary>
public sealed class SalesOptions
{
    /// <summary>Amounts are stored in rials; people may prefer to read and type them in tomans (ten rials).</summary>
    public AmountUnit AmountUnit { get; set; } = AmountUnit.Rial;
}

/// <summary>Amounts as people read and type them: in rials or tomans by the setting, with grouped (Persian) digits.</summary>
public sealed class Amounts(IOptions<SalesOptions> options, IDisplayFormatter format, IStringLocalizer<SalesResources> l)
{
    public string UnitName => l["Unit_" + options.Value.AmountUnit];

    /// <summary>The amount in the display unit without the unit's name, for cards and tables.</summary>
    public string Number(decimal rials) => MoneyText.Number(rials, options.Value.AmountUnit, format.IsPersian);

    public string Show(decimal rials) => Number(rials) + " " + UnitName;

    /// <inheritdoc cref="MoneyText.TryParse"/>
    public bool TryParse(string? text, out long rials) => MoneyText.TryParse(text, options.Value.AmountUnit, out rials);

    /// <inheritdoc cref="MoneyText.TryParseNumber"/>
    public static bool TryParseNumber(string? text, out decimal value) => MoneyText.TryParseNumber(text, out value);

    /// <summary>A rial amount as typed in the display unit, for an edit form.</summary>
    public string Input(long rials) => MoneyText.Input(rials, options.Value.AmountUnit);
}
