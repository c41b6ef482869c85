using System.Globalization;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.SharedKernel.Localization;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Reports.Features;

/// <summary>What a report page was asked for: the period and the filters, as they come in the query string.</summary>
public sealed class ReportQuery
{
    /// <summary><c>month</c> (the default), <c>last-month</c>, <c>quarter</c>, <c>year</c>, <c>30d</c> or <c>custom</c> (then <see cref="From"/> and <see cref="To"/>).</summary>
    public string? Period { get; set; }

    public string? From { get; set; }

    public string? To { get; set; }

    /// <summary><c>jalali</c> or <c>gregorian</c>: how months, quarters and years are cut; by default the language's calendar.</summary>
    public string? Calendar { get; set; }

    public Guid? Process { get; set; }

    public Guid? Owner { get; set; }

    public Guid? Team { get; set; }

    public int? Source { get; set; }

    public string? Campaign { get; set; }

    public Guid? Tag { get; set; }

    /// <summary>The customers report: a product whose buyers to list, and a customer (<c>Type:Id</c>) whose purchases to list.</summary>
    public Guid? Product { get; set; }

    public string? Customer { get; set; }

    public DealFilter Deals(ReportPeriod period) => new(period.FromUtc, period.ToUtc)
    {
        ProcessId = Process,
        OwnerId = Owner,
        TeamId = Team,
        Source = Source,
        Campaign = string.IsNullOrWhiteSpace(Campaign) ? null : Campaign.Trim(),
        TagId = Tag,
    };

    public LeadFilter Leads(ReportPeriod period) => new(period.FromUtc, period.ToUtc) { OwnerId = Owner, TeamId = Team, Source = Source, TagId = Tag };
}

/// <summary>A report's period: local days <see cref="From"/> to <see cref="To"/> (both included) and the UTC instants they span.</summary>
public sealed record ReportPeriod(string Preset, bool Jalali, DateOnly From, DateOnly To, DateTime FromUtc, DateTime ToUtc)
{
    /// <summary>Why the period asked for could not be used (a date that cannot be read, or an end before the start).</summary>
    public string? Error { get; init; }
}

/// <summary>Turns the period asked for into dates, in the Jalali or the Gregorian calendar.</summary>
public sealed class ReportPeriods(IDisplayFormatter format, IStringLocalizer<ReportsResources> l)
{
    public static readonly string[] Presets = ["month", "last-month", "quarter", "year", "30d", "custom"];

    private static readonly System.Globalization.Calendar Gregorian = new GregorianCalendar();

    public ReportPeriod Resolve(ReportQuery query)
    {
        var jalali = query.Calendar switch
        {
            "jalali" => true,
            "gregorian" => false,
            _ => format.IsPersian,
        };
        var today = format.Today();
        var preset = Presets.Contains(query.Period) ? query.Period! : "month";
        string? error = null;
        DateOnly from, to;
        if (preset == "custom")
        {
            if (format.TryParseDateInput(query.From, out from) && format.TryParseDateInput(query.To, out to) && from <= to && to.DayNumber - from.DayNumber <= 3660)
            {
                return Period(preset, jalali, from, to);
            }

            error = l["Error_Period"];
            preset = "month";
        }

        (from, to) = preset switch
        {
            "last-month" => Month(jalali, MonthStart(jalali, today).AddDays(-1)),
            "quarter" => Months(jalali, today, 3),
            "year" => Months(jalali, today, 12),
            "30d" => (today.AddDays(-29), today),
            _ => Month(jalali, today),
        };
        return Period(preset, jalali, from, to) with { Error = error };
    }

    private ReportPeriod Period(string preset, bool jalali, DateOnly from, DateOnly to) =>
        new(preset, jalali, from, to, format.ToUtc(from.ToDateTime(TimeOnly.MinValue)), format.ToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue)));

    private static (DateOnly, DateOnly) Month(bool jalali, DateOnly day) => Months(jalali, day, 1);

    /// <summary>The block of <paramref name="size"/> months (1, 3 or 12) holding <paramref name="day"/>: its month, season or year.</summary>
    private static (DateOnly From, DateOnly To) Months(bool jalali, DateOnly day, int size)
    {
        var (year, month) = YearMonth(jalali, day);
        var first = (month - 1) / size * size + 1;
        var start = FirstOf(jalali, year, first);
        var end = first + size > 12 ? FirstOf(jalali, year + 1, 1) : FirstOf(jalali, year, first + size);
        return (start, end.AddDays(-1));
    }

    private static DateOnly MonthStart(bool jalali, DateOnly day) => Month(jalali, day).Item1;

    public static (int Year, int Month) YearMonth(bool jalali, DateOnly day)
    {
        if (jalali)
        {
            var (y, m, _) = JalaliDate.ToJalali(day);
            return (y, m);
        }

        return (Gregorian.GetYear(day.ToDateTime(TimeOnly.MinValue)), day.Month);
    }

    public static DateOnly FirstOf(bool jalali, int year, int month) => jalali ? JalaliDate.FromJalali(year, month, 1) : new DateOnly(year, month, 1);

    /// <summary>A month's name for chart labels and tables: "آذر ۱۴۰۵", "Azar 1405" or "Nov 2026".</summary>
    public string MonthLabel(bool jalali, int year, int month)
    {
        if (!jalali)
        {
            var text = new DateOnly(year, month, 1).ToString("MMM yyyy", CultureInfo.InvariantCulture);
            return format.IsPersian ? Digits.ToPersian(text) : text;
        }

        return format.IsPersian ? $"{JalaliDate.MonthName(month)} {Digits.ToPersian(year.ToString(CultureInfo.InvariantCulture))}" : $"{JalaliDate.EnglishMonthName(month)} {year}";
    }
}
