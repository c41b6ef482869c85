using Crm.SharedKernel.Localization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Tickets.Features;

/// <summary>Repair amounts as the app shows and takes them: in the configured unit (rial or toman), stored in whole rials.</summary>
public sealed class RepairMoney(IConfiguration configuration, IDisplayFormatter format, IStringLocalizer<TicketsResources> l)
{
    public AmountUnit Unit { get; } = configuration.GetValue("Sales:AmountUnit", AmountUnit.Rial);

    public string Show(long rials) => MoneyText.Number(rials, Unit, format.IsPersian) + " " + l["Unit_" + Unit];

    public string Input(long? rials) => rials is { } r ? MoneyText.Input(r, Unit) : "";

    public bool TryParse(string? text, out long rials) => MoneyText.TryParse(text, Unit, out rials);
}
