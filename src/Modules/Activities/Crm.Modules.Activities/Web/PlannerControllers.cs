using Crm.Modules.Activities.Features;
using Crm.Modules.Activities.Contracts;
using Crm.Modules.Activities.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Activities.Web;

/// <summary>The user's own planned work for the day: overdue, today, the coming week, and what was done today.</summary>
[Area(ActivitiesModule.ModuleName)]
[HasPermission(ActivitiesPermissions.View)]
public sealed class MyDayController(DbContext db, ICurrentUser user, IDisplayFormatter format, RecordDirectory records) : Controller
{
    public const int UpcomingDays = 7;
    public const int SectionSize = 50;

    [HttpGet]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var today = format.Today();
        var startOfToday = format.ToUtc(today.ToDateTime(TimeOnly.MinValue));
        var startOfTomorrow = format.ToUtc(today.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var endOfUpcoming = format.ToUtc(today.AddDays(1 + UpcomingDays).ToDateTime(TimeOnly.MinValue));
        var me = user.UserId;
        var open = db.Set<Activity>().AsNoTracking()
            .Where(a => a.AssigneeId == me && a.CompletedAt == null && (a.Kind == ActivityKind.Task || a.Kind == ActivityKind.Meeting));
        // Each list shows its first few; a long overdue list says how many more there are instead of growing the page.
        var overdueTotal = await open.CountAsync(a => a.OccurredAt < startOfToday, cancellationToken);
        var overdue = await open.Where(a => a.OccurredAt < startOfToday).OrderByDescending(a => a.OccurredAt).Take(SectionSize).ToListAsync(cancellationToken);
        var todays = await open.Where(a => a.OccurredAt >= startOfToday && a.OccurredAt < startOfTomorrow).OrderBy(a => a.OccurredAt).Take(SectionSize).ToListAsync(cancellationToken);
        var upcoming = await open.Where(a => a.OccurredAt >= startOfTomorrow && a.OccurredAt < endOfUpcoming).OrderBy(a => a.OccurredAt).Take(SectionSize).ToListAsync(cancellationToken);
        var doneToday = await db.Set<Activity>().AsNoTracking()
            .Where(a => a.AssigneeId == me && a.CompletedAt >= startOfToday).OrderBy(a => a.CompletedAt).Take(SectionSize).ToListAsync(cancellationToken);
        var links = await records.FindVisibleAsync(overdue.Concat(todays).Concat(upcoming).Concat(doneToday).Select(a => a.Record), cancellationToken);
        return View(new MyDayModel(overdue, overdueTotal, todays, upcoming, doneToday, links));
    }

}

/// <summary>
/// The calendar of the meetings and tasks assigned to the user, by day, week or month; months are Jalali months in
/// Persian. One indexed range read of the user's own items (calls and notes stay on the customers' timelines).
/// </summary>
[Area(ActivitiesModule.ModuleName)]
[HasPermission(ActivitiesPermissions.View)]
public sealed class CalendarController(DbContext db, ICurrentUser user, IDisplayFormatter format, RecordDirectory records, IStringLocalizer<ActivitiesResources> l) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(string? view, string? date, CancellationToken cancellationToken)
    {
        var mode = view is "day" or "week" ? view : "month";
        if (!string.IsNullOrWhiteSpace(date) && !format.TryParseDateInput(date, out _))
        {
            TempData["Error"] = l["Error_Date"].Value;
            return RedirectToAction(nameof(Index), new { view = mode });
        }

        var anchor = format.TryParseDateInput(date, out var d) ? d : format.Today();
        var (first, days) = Range(mode, anchor);
        var from = format.ToUtc(first.ToDateTime(TimeOnly.MinValue));
        var to = format.ToUtc(first.AddDays(days).ToDateTime(TimeOnly.MinValue));
        var me = user.UserId;
        var items = await db.Set<Activity>().AsNoTracking()
            .Where(a => a.AssigneeId == me && a.OccurredAt >= from && a.OccurredAt < to)
            .OrderBy(a => a.OccurredAt).Take(2000).ToListAsync(cancellationToken);
        var links = await records.FindVisibleAsync(items.Select(a => a.Record), cancellationToken);
        var (previous, next) = mode switch
        {
            "day" => (anchor.AddDays(-1), anchor.AddDays(1)),
            "week" => (anchor.AddDays(-7), anchor.AddDays(7)),
            _ => (first.AddDays(-1), first.AddDays(days)),
        };
        return View(new CalendarModel(mode, anchor, first, days, items.Where(a => links.ContainsKey(a.Record)).ToList(), links,
            format.DateInput(previous), format.DateInput(next), format.DateInput(format.Today())));
    }

    /// <summary>The first day and the length of the period shown: the week starts on Saturday in Persian, Monday in English.</summary>
    private (DateOnly First, int Days) Range(string mode, DateOnly anchor)
    {
        switch (mode)
        {
            case "day":
                return (anchor, 1);
            case "week":
                var weekStart = format.IsPersian ? DayOfWeek.Saturday : DayOfWeek.Monday;
                var offset = ((int)anchor.DayOfWeek - (int)weekStart + 7) % 7;
                return (anchor.AddDays(-offset), 7);
            default:
                if (format.IsPersian)
                {
                    var (year, month, _) = JalaliDate.ToJalali(anchor);
                    return (JalaliDate.FromJalali(year, month, 1), JalaliDate.DaysInMonth(year, month));
                }

                return (new DateOnly(anchor.Year, anchor.Month, 1), DateTime.DaysInMonth(anchor.Year, anchor.Month));
        }
    }
}

public sealed record MyDayModel(IReadOnlyList<Activity> Overdue, int OverdueTotal, IReadOnlyList<Activity> Today, IReadOnlyList<Activity> Upcoming, IReadOnlyList<Activity> DoneToday,
    IReadOnlyDictionary<RecordRef, RecordLink> Records);

public sealed record CalendarModel(string Mode, DateOnly Anchor, DateOnly First, int Days, IReadOnlyList<Activity> Items, IReadOnlyDictionary<RecordRef, RecordLink> Records,
    string Previous, string Next, string Today);
