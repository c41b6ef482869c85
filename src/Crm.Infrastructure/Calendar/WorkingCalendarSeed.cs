using Crm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Infrastructure.Calendar;

/// <summary>
/// Fills a new install's calendar at start-up: the Iranian week and the fixed national holidays. A row that exists, even
/// one an administrator removed (soft deleted), is left as it is.
/// </summary>
public static class WorkingCalendarSeed
{
    public static async Task EnsureAsync(CrmDbContext db, CancellationToken cancellationToken)
    {
        var days = await db.WorkingDays.Select(d => d.DayOfWeek).ToListAsync(cancellationToken);
        foreach (var day in Enum.GetValues<DayOfWeek>().Where(d => !days.Contains((int)d)))
        {
            var hours = SharedKernel.Time.WorkingWeek.Iranian[day];
            db.WorkingDays.Add(new WorkingDay
            {
                DayOfWeek = (int)day,
                StartMinute = hours is null ? null : (int)hours.Start.ToTimeSpan().TotalMinutes,
                EndMinute = hours is null ? null : (int)hours.End.ToTimeSpan().TotalMinutes,
            });
        }

        var fixedIds = IranianHolidays.Fixed.Select(h => h.Id).ToList();
        var present = await db.Holidays.IgnoreQueryFilters().Where(h => fixedIds.Contains(h.Id)).Select(h => h.Id).ToListAsync(cancellationToken);
        foreach (var (id, month, day, name) in IranianHolidays.Fixed.Where(h => !present.Contains(h.Id)))
        {
            db.Holidays.Add(Holiday.EveryYear(id, month, day, name.Persian, name.English));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance starting at the same moment seeded them first.
            db.ChangeTracker.Clear();
        }
    }
}
