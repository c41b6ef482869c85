using Crm.SharedKernel.Domain;

namespace Crm.Infrastructure.Calendar;

/// <summary>
/// A day off by its Jalali month and day: every year when <see cref="Year"/> is null (the fixed national holidays),
/// otherwise in that Jalali year only (the lunar holidays, which move by about eleven days a year).
/// </summary>
public sealed class Holiday : AggregateRoot
{
    public const int NameMaxLength = 100;

    /// <summary>A fixed national holiday under its well-known id, so seeding finds it again.</summary>
    public static Holiday EveryYear(Guid id, int month, int day, string persian, string english) =>
        new() { Id = id, Month = month, Day = day, NamePersian = persian, NameEnglish = english };

    public int? Year { get; set; }

    public int Month { get; set; }

    public int Day { get; set; }

    public string NamePersian { get; set; } = "";

    public string NameEnglish { get; set; } = "";

    /// <summary>The Gregorian date in a Jalali year, or null when that year has no such day (30 Esfand in a common year).</summary>
    public DateOnly? DateIn(int jalaliYear) =>
        Day <= SharedKernel.Localization.JalaliDate.DaysInMonth(jalaliYear, Month)
            ? SharedKernel.Localization.JalaliDate.FromJalali(jalaliYear, Month, Day)
            : null;
}

/// <summary>The working hours of one day of the week, in minutes after local midnight; both null on a day off.</summary>
public sealed class WorkingDay
{
    public int DayOfWeek { get; set; }

    public int? StartMinute { get; set; }

    public int? EndMinute { get; set; }
}
