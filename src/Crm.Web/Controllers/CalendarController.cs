using System.Globalization;
using Crm.Infrastructure.Calendar;
using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Controllers;

/// <summary>One day of the working week as the form shows it: off, or from and to (HH:mm, local time).</summary>
public sealed class WorkingDayInput
{
    public int DayOfWeek { get; set; }

    public bool Off { get; set; }

    public string? From { get; set; }

    public string? To { get; set; }
}

public sealed record HolidayRow(Guid Id, DateOnly Date, string Name, bool EveryYear, bool Deleted);

public sealed record SuggestedHoliday(int Index, DateOnly Date, string Name);

/// <summary>A new holiday's form as it was typed, shown again when it was refused.</summary>
public sealed record HolidayInput(string? Date, string? NamePersian, string? NameEnglish);

public sealed record CalendarPage(int Year, int ThisYear, IReadOnlyList<WorkingDayInput> Week, string WeekStamp, IReadOnlyList<HolidayRow> Holidays, IReadOnlyList<SuggestedHoliday> Suggested)
{
    public HolidayInput? Typed { get; init; }
}

/// <summary>
/// "Working calendar": the working week and the holidays that workflow waits and service levels count working time by.
/// The fixed national holidays come every year; the lunar ones move, so the administrator confirms each year's.
/// </summary>
[HasPermission(PlatformPermissions.ManageCalendar)]
[AutoValidateAntiforgeryToken]
public sealed class CalendarController(CrmDbContext db, WorkingCalendarSource calendars, IStringLocalizer<SharedResource> s, IDisplayFormatter format) : Controller
{
    // Saturday first, as the Iranian week is read.
    private static readonly int[] WeekOrder = [6, 0, 1, 2, 3, 4, 5];

    [HttpGet]
    public async Task<IActionResult> Index(int? year, CancellationToken cancellationToken)
    {
        return View(await PageAsync(ShownYear(year), ThisYear(), null, cancellationToken));
    }

    [HttpPost]
    public async Task<IActionResult> Week(List<WorkingDayInput> days, string? stamp, int year, CancellationToken cancellationToken)
    {
        var stored = await db.WorkingDays.ToListAsync(cancellationToken);
        if (stamp != Stamp(stored))
        {
            ModelState.AddModelError("", s["Calendar_WeekConflict"]);
        }

        var parsed = new Dictionary<int, (int? Start, int? End)>();
        foreach (var day in days.Where(d => d.DayOfWeek is >= 0 and <= 6).Take(7))
        {
            if (day.Off)
            {
                parsed[day.DayOfWeek] = (null, null);
            }
            else if (TryMinutes(day.From, out var start) && TryMinutes(day.To, out var end) && end > start)
            {
                parsed[day.DayOfWeek] = (start, end);
            }
            else
            {
                ModelState.AddModelError($"day-{day.DayOfWeek}", s["Calendar_HoursInvalid", DayName(day.DayOfWeek)]);
            }
        }

        if (parsed.Count != 7)
        {
            ModelState.AddModelError("", s["Calendar_WeekIncomplete"]);
        }
        else if (parsed.Values.All(v => v.Start is null))
        {
            ModelState.AddModelError("", s["Calendar_NoWorkingDay"]);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", await PageAsync(ShownYear(year), ThisYear(), days, cancellationToken));
        }

        foreach (var (dayOfWeek, (start, end)) in parsed)
        {
            var row = stored.FirstOrDefault(d => d.DayOfWeek == dayOfWeek);
            if (row is null)
            {
                db.WorkingDays.Add(row = new WorkingDay { DayOfWeek = dayOfWeek });
            }

            row.StartMinute = start;
            row.EndMinute = end;
        }

        await db.SaveChangesAsync(cancellationToken);
        calendars.Changed();
        TempData["Message"] = s["Calendar_WeekSaved"].Value;
        return RedirectToAction(nameof(Index), new { year });
    }

    [HttpPost]
    public async Task<IActionResult> Add(int year, string? date, string? namePersian, string? nameEnglish, CancellationToken cancellationToken)
    {
        namePersian = string.IsNullOrWhiteSpace(namePersian) ? null : namePersian.Trim();
        nameEnglish = string.IsNullOrWhiteSpace(nameEnglish) ? null : nameEnglish.Trim();
        string? error = null;
        if (!format.TryParseDateInput(date, out var day))
        {
            error = s["Calendar_DateInvalid"];
        }
        else if (namePersian is null && nameEnglish is null)
        {
            error = s["Calendar_NameRequired"];
        }
        else if (namePersian?.Length > Holiday.NameMaxLength || nameEnglish?.Length > Holiday.NameMaxLength)
        {
            error = s["Calendar_NameTooLong", Holiday.NameMaxLength];
        }
        else
        {
            var (y, m, d) = JalaliDate.ToJalali(day);
            if (await db.Holidays.AnyAsync(h => h.Month == m && h.Day == d && (h.Year == null || h.Year == y), cancellationToken))
            {
                error = s["Calendar_AlreadyHoliday", format.Date(day)];
            }
            else
            {
                db.Holidays.Add(new Holiday { Year = y, Month = m, Day = d, NamePersian = namePersian ?? nameEnglish!, NameEnglish = nameEnglish ?? namePersian! });
                await db.SaveChangesAsync(cancellationToken);
                calendars.Changed();
                TempData["Message"] = s["Calendar_Added", format.Date(day)].Value;
                return RedirectToAction(nameof(Index), new { year = y });
            }
        }

        // The form again with what was typed, so nothing is lost.
        ModelState.AddModelError("", error);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        var page = await PageAsync(ShownYear(year), ThisYear(), null, cancellationToken);
        return View("Index", page with { Typed = new HolidayInput(Bounded(date), Bounded(namePersian), Bounded(nameEnglish)) });
    }

    /// <summary>Adds the chosen suggestions of a year, found again by their place in the list (names are never taken from the form).</summary>
    [HttpPost]
    public async Task<IActionResult> Confirm(int year, int[] picked, CancellationToken cancellationToken)
    {
        if (year is < 1300 or > 1600)
        {
            return BadRequest();
        }

        var suggestions = IranianHolidays.LunarSuggestions(year);
        var existing = await db.Holidays.IgnoreQueryFilters().Where(h => h.Year == null || h.Year == year).ToListAsync(cancellationToken);
        var added = 0;
        foreach (var index in picked.Distinct().Where(i => i >= 0 && i < suggestions.Count))
        {
            var (date, name) = suggestions[index];
            var (_, m, d) = JalaliDate.ToJalali(date);
            if (existing.Any(h => h.Month == m && h.Day == d && !h.IsDeleted))
            {
                continue;
            }

            var holiday = new Holiday { Year = year, Month = m, Day = d, NamePersian = name.Persian, NameEnglish = name.English };
            db.Holidays.Add(holiday);
            existing.Add(holiday);
            added++;
        }

        await db.SaveChangesAsync(cancellationToken);
        calendars.Changed();
        TempData["Message"] = s["Calendar_Confirmed", format.Number(added)].Value;
        return RedirectToAction(nameof(Index), new { year });
    }

    [HttpPost]
    public async Task<IActionResult> Remove(Guid id, int year, CancellationToken cancellationToken)
    {
        var holiday = await db.Holidays.FirstOrDefaultAsync(h => h.Id == id, cancellationToken);
        var result = await this.SoftDeleteAsync(db, holiday, id, s["Calendar_Removed"], cancellationToken, backTo: Url.Action(nameof(Index), new { year }));
        calendars.Changed();
        return result;
    }

    [HttpPost]
    public async Task<IActionResult> Restore(Guid id, string? backTo, CancellationToken cancellationToken)
    {
        var holiday = await db.Holidays.IgnoreQueryFilters().FirstOrDefaultAsync(h => h.Id == id, cancellationToken);
        var result = await this.RestoreAsync(db, holiday, merged: false, id, s["Calendar_Restored"], cancellationToken, page: nameof(Index), backTo: backTo);
        calendars.Changed();
        return result;
    }

    private async Task<CalendarPage> PageAsync(int year, int thisYear, List<WorkingDayInput>? typed, CancellationToken cancellationToken)
    {
        var stored = await db.WorkingDays.AsNoTracking().ToListAsync(cancellationToken);
        var week = typed ?? WeekOrder.Select(day => stored.FirstOrDefault(d => d.DayOfWeek == day) is { StartMinute: { } start, EndMinute: { } end }
            ? new WorkingDayInput { DayOfWeek = day, From = Clock(start), To = Clock(end) }
            : new WorkingDayInput { DayOfWeek = day, Off = true }).ToList();

        var rows = await db.Holidays.IgnoreQueryFilters().AsNoTracking().Where(h => h.Year == null || h.Year == year).ToListAsync(cancellationToken);
        var holidays = rows
            .Select(h => (Row: h, Date: h.DateIn(year)))
            .Where(x => x.Date is not null)
            .Select(x => new HolidayRow(x.Row.Id, x.Date!.Value, format.IsPersian ? x.Row.NamePersian : x.Row.NameEnglish, x.Row.Year is null, x.Row.IsDeleted))
            .OrderBy(h => h.Date).ToList();
        var kept = rows.Where(h => !h.IsDeleted).Select(h => (h.Month, h.Day)).ToHashSet();
        var suggested = IranianHolidays.LunarSuggestions(year)
            .Select((x, i) => (x, i))
            .Where(p => !kept.Contains((JalaliDate.ToJalali(p.x.Date).Month, JalaliDate.ToJalali(p.x.Date).Day)))
            .Select(p => new SuggestedHoliday(p.i, p.x.Date, p.x.Name.ForCulture(format.IsPersian)))
            .ToList();
        return new CalendarPage(year, thisYear, week, Stamp(stored), holidays, suggested);
    }

    private int ThisYear() => JalaliDate.ToJalali(format.Today()).Year;

    /// <summary>The Jalali year a page shows: the one asked for within 1300–1600, otherwise this year.</summary>
    private int ShownYear(int? year) => year is >= 1300 and <= 1600 ? year.Value : ThisYear();

    // What is typed is shown back only up to a little over what may be stored.
    private static string? Bounded(string? text) => text is { Length: > Holiday.NameMaxLength + 20 } ? text[..(Holiday.NameMaxLength + 20)] : text;

    private string DayName(int dayOfWeek) => s["Day_" + dayOfWeek];

    private static string Stamp(IEnumerable<WorkingDay> days) =>
        string.Join(";", days.OrderBy(d => d.DayOfWeek).Select(d => $"{d.DayOfWeek}:{d.StartMinute}-{d.EndMinute}"));

    private static string Clock(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";

    private static bool TryMinutes(string? text, out int minutes)
    {
        minutes = 0;
        if (TimeOnly.TryParseExact(Digits.ToLatin(text?.Trim() ?? ""), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            minutes = time.Hour * 60 + time.Minute;
            return true;
        }

        return false;
    }
}
