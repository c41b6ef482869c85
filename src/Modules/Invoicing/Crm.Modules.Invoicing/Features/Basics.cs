using Crm.Modules.Invoicing.Domain;
using Crm.SharedKernel.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Invoicing.Features;

/// <summary>Amounts as people read and type them, in the unit the sales setting chose (<c>Sales:AmountUnit</c>).</summary>
public sealed class Prices(IConfiguration configuration, IDisplayFormatter format, IStringLocalizer<InvoicingResources> l)
{
    public AmountUnit Unit { get; } = configuration.GetValue("Sales:AmountUnit", AmountUnit.Rial);

    public string UnitName => l["Unit_" + Unit];

    public string Number(long rials) => MoneyText.Number(rials, Unit, format.IsPersian);

    public string Show(long rials) => Number(rials) + " " + UnitName;

    public bool TryParse(string? text, out long rials) => MoneyText.TryParse(text, Unit, out rials);

    public string Input(long rials) => MoneyText.Input(rials, Unit);

    /// <summary>A timeline or notification text in both languages about a document and an amount, each with its own digits and unit.</summary>
    public LocalText Both(string key, string number, long rials) => new(
        l.InCulture(SupportedCultures.Persian, key, number, MoneyText.Number(rials, Unit, true) + " " + l.InCulture(SupportedCultures.Persian, "Unit_" + Unit)),
        l.InCulture(SupportedCultures.English, key, number, MoneyText.Number(rials, Unit, false) + " " + l.InCulture(SupportedCultures.English, "Unit_" + Unit)));
}

/// <summary>The one settings row, made with the defaults the first time it is read.</summary>
public sealed class SettingsStore(DbContext db)
{
    private InvoicingSettings? _settings;

    public async Task<InvoicingSettings> GetAsync(CancellationToken cancellationToken)
    {
        if (_settings is not null)
        {
            return _settings;
        }

        _settings = await db.Set<InvoicingSettings>().OrderBy(s => s.Id).FirstOrDefaultAsync(cancellationToken);
        if (_settings is null)
        {
            _settings = new InvoicingSettings();
            db.Add(_settings);
            await db.SaveChangesAsync(cancellationToken);
        }

        return _settings;
    }
}
