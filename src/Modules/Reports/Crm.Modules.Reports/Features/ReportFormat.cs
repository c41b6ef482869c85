using System.Globalization;
using Crm.SharedKernel.Localization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Reports.Features;

/// <summary>
/// Figures as reports show them: counts and amounts with grouped (Persian) digits, amounts in the display unit of the
/// <c>Sales:AmountUnit</c> setting, shares as percentages; and the cells that carry both the text and the number.
/// </summary>
public sealed class ReportFormat(IDisplayFormatter format, IConfiguration configuration, IStringLocalizer<ReportsResources> l)
{
    private readonly AmountUnit _unit = configuration.GetValue("Sales:AmountUnit", AmountUnit.Rial);

    public IDisplayFormatter Dates => format;

    public bool IsPersian => format.IsPersian;

    public string UnitName => l["Unit_" + _unit];

    public string Money(decimal rials) => MoneyText.Number(rials, _unit, format.IsPersian);

    /// <summary>An amount in the display unit, as charts and spreadsheets take it.</summary>
    public decimal MoneyValue(decimal rials) => rials / MoneyText.RialsPer(_unit);

    public string Count(long value) => format.Number(value);

    public string Percent(decimal? share) => share is { } s ? Localize((s * 100).ToString("0.#", CultureInfo.InvariantCulture)) + (format.IsPersian ? "٪" : "%") : "—";

    public string Fraction(double? value) => value is { } v ? Localize(v.ToString("#,0.#", CultureInfo.InvariantCulture)) : "—";

    private string Localize(string text) => format.IsPersian ? Digits.ToPersian(text.Replace(',', '٬').Replace('.', '٫')) : text;

    public ReportCell MoneyCell(decimal rials, string? link = null) => new(Money(rials), MoneyValue(rials), link);

    public ReportCell CountCell(long value, string? link = null) => new(Count(value), value, link);

    /// <summary>A share as a percentage; the spreadsheet gets the percentage as a number.</summary>
    public ReportCell PercentCell(decimal? share) => new(Percent(share), share is { } s ? (double)Math.Round(s * 100, 1) : null);

    public ReportCell DecimalCell(double? value) => new(Fraction(value), value is { } v ? Math.Round(v, 1) : null);

    public ReportCell DateCell(DateOnly? date) => new(format.Date(date), date is { } d ? format.DateInput(d) : null);
}
