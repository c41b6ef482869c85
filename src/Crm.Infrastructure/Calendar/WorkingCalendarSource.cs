using Crm.Infrastructure.Localization;
using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Caching;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Crm.Infrastructure.Calendar;

/// <summary>
/// Builds the working calendar from the working week and holidays an administrator keeps, and keeps it in memory: every
/// workflow wait and SLA sweep asks for it. A change drops it in every instance (<see cref="Changed"/>).
/// </summary>
public sealed class WorkingCalendarSource(CrmDbContext db, IMemoryCache cache, ISharedCacheInvalidation invalidation, IOptions<LocalizationOptions> localization, IClock clock)
    : IWorkingCalendarSource
{
    public const string CacheKey = "platform:working-calendar";

    // Fixed holidays are laid out this many Jalali years ahead: as far as the calendar searches for working time.
    private const int YearsAhead = 11;

    public async Task<WorkingCalendar> GetAsync(CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(CacheKey, out WorkingCalendar? calendar))
        {
            return calendar!;
        }

        var days = await db.WorkingDays.AsNoTracking().ToListAsync(cancellationToken);
        var holidays = await db.Holidays.AsNoTracking().ToListAsync(cancellationToken);
        calendar = Build(days, holidays, TimeZoneInfo.FindSystemTimeZoneById(localization.Value.TimeZone), clock.UtcNow);
        cache.Set(CacheKey, calendar, TimeSpan.FromMinutes(10));
        return calendar;
    }

    /// <summary>Call after saving a change to the working week or the holidays.</summary>
    public void Changed() => invalidation.Remove(CacheKey);

    public static WorkingCalendar Build(IReadOnlyCollection<WorkingDay> days, IReadOnlyCollection<Holiday> holidays, TimeZoneInfo zone, DateTime utcNow)
    {
        var week = days.Count == 0
            ? WorkingWeek.Iranian
            : new WorkingWeek(days.ToDictionary(
                d => (DayOfWeek)d.DayOfWeek,
                d => d is { StartMinute: { } start, EndMinute: { } end } && end > start
                    ? new WorkingHours(TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(start)), TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(end)))
                    : null));
        if (!week.HasWorkingDays)
        {
            week = WorkingWeek.Iranian;
        }

        var thisYear = JalaliDate.ToJalali(DateOnly.FromDateTime(utcNow)).Year;
        var firstYear = Math.Min(thisYear - 1, holidays.Where(h => h.Year is not null).Select(h => h.Year!.Value).DefaultIfEmpty(thisYear).Min());
        var dates = new List<DateOnly>();
        foreach (var holiday in holidays.Where(h => !h.IsDeleted))
        {
            var years = holiday.Year is { } year ? [year] : Enumerable.Range(firstYear, thisYear + YearsAhead - firstYear + 1);
            dates.AddRange(years.Select(holiday.DateIn).OfType<DateOnly>());
        }

        return new WorkingCalendar(week, zone, dates);
    }
}
