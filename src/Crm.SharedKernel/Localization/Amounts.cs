using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Localization;

namespace Crm.SharedKernel.Localization;

/// <summary>
/// Amounts as a module shows and takes them: in the configured unit (<c>Sales:AmountUnit</c>, rial or toman), stored in
/// whole rials. The unit's name comes from the module's resources (<c>Unit_Rial</c>, <c>Unit_Toman</c>).
/// </summary>
public sealed class Amounts<TResources>(IConfiguration configuration, IDisplayFormatter format, IStringLocalizer<TResources> l)
{
    public AmountUnit Unit { get; } = configuration.GetValue("Sales:AmountUnit", AmountUnit.Rial);

    public string UnitName => l["Unit_" + Unit];

    public string Show(decimal rials) => MoneyText.Number(rials, Unit, format.IsPersian) + " " + UnitName;

    public string Input(long? rials) => rials is { } r ? MoneyText.Input(r, Unit) : "";

    public bool TryParse(string? text, out long rials) => MoneyText.TryParse(text, Unit, out rials);
}
