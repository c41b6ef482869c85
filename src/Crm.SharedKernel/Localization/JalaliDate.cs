using System.Collections.Concurrent;
using System.Globalization;

namespace Crm.SharedKernel.Localization;

/// <summary>Conversions between Gregorian dates and the Jalali (Solar Hijri) calendar.</summary>
public static class JalaliDate
{
    private const int CacheLimit = 100_000;
    private static readonly PersianCalendar Calendar = new();

    // .NET's PersianCalendar is astronomical and costs microseconds per call; lists show the same days again and
    // again, so each day is converted once (bounded, so unusual data cannot grow it without limit).
    private static readonly ConcurrentDictionary<int, (int Year, int Month, int Day)> Converted = new();

    /// <summary>The Jalali year, month and day of a date.</summary>
    public static (int Year, int Month, int Day) ToJalali(DateOnly date)
    {
        if (Converted.TryGetValue(date.DayNumber, out var parts))
        {
            return parts;
        }

        var dt = date.ToDateTime(TimeOnly.MinValue);
        parts = (Calendar.GetYear(dt), Calendar.GetMonth(dt), Calendar.GetDayOfMonth(dt));
        if (Converted.Count < CacheLimit)
        {
            Converted.TryAdd(date.DayNumber, parts);
        }

        return parts;
    }

    public static string Format(DateOnly date)
    {
        var (year, month, day) = ToJalali(date);
        return string.Create(CultureInfo.InvariantCulture, $"{year:0000}/{month:00}/{day:00}");
    }

    /// <summary>The first date a person may type (1278/10/11): birthdays and old contracts, nothing earlier.</summary>
    public static readonly DateOnly FirstInputDate = new(1900, 1, 1);

    /// <summary>The last date a person may type (1578/10/10).</summary>
    public static readonly DateOnly LastInputDate = new(2199, 12, 31);

    /// <summary>Parses <c>yyyy/MM/dd</c> (Persian, Arabic-Indic or Latin digits; '/' or '-').</summary>
    public static bool TryParse(string? text, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = Digits.ToLatin(text.Trim()).Split('/', '-');
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || year < 1 || year > 9377 || month < 1 || month > 12 || day < 1
            || day > Calendar.GetDaysInMonth(year, month))
        {
            return false;
        }

        date = DateOnly.FromDateTime(Calendar.ToDateTime(year, month, day, 0, 0, 0, 0));
        return true;
    }

    /// <summary>The Gregorian date of a Jalali year, month and day.</summary>
    public static DateOnly FromJalali(int year, int month, int day) => DateOnly.FromDateTime(Calendar.ToDateTime(year, month, day, 0, 0, 0, 0));

    public static int DaysInMonth(int year, int month) => Calendar.GetDaysInMonth(year, month);

    public static string MonthName(int month) => month switch
    {
        1 => "فروردین", 2 => "اردیبهشت", 3 => "خرداد", 4 => "تیر", 5 => "مرداد", 6 => "شهریور",
        7 => "مهر", 8 => "آبان", 9 => "آذر", 10 => "دی", 11 => "بهمن", 12 => "اسفند",
        _ => throw new ArgumentOutOfRangeException(nameof(month)),
    };

    /// <summary>The Jalali month's name in Latin letters, for English pages about Jalali months (targets, fiscal periods).</summary>
    public static string EnglishMonthName(int month) => month switch
    {
        1 => "Farvardin", 2 => "Ordibehesht", 3 => "Khordad", 4 => "Tir", 5 => "Mordad", 6 => "Shahrivar",
        7 => "Mehr", 8 => "Aban", 9 => "Azar", 10 => "Dey", 11 => "Bahman", 12 => "Esfand",
        _ => throw new ArgumentOutOfRangeException(nameof(month)),
    };

    /// <summary>A long date such as «۱ آذر ۱۴۰۵» (digits left Latin; the caller localizes them).</summary>
    public static string FormatLong(DateOnly date)
    {
        var (year, month, day) = ToJalali(date);
        return string.Create(CultureInfo.InvariantCulture, $"{day} {MonthName(month)} {year}");
    }
}
