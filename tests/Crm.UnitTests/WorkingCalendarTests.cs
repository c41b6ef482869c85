using Crm.Infrastructure.Calendar;
using Crm.SharedKernel.Time;

namespace Crm.UnitTests;

/// <summary>
/// The working calendar against a table worked out by hand on the Iranian week (Saturday–Wednesday 08:00–16:00,
/// Thursday 08:00–12:00, Friday off) in Tehran time (UTC+03:30 since 2022; UTC+04:30 in summer before it).
/// </summary>
public sealed class WorkingCalendarTests
{
    private static readonly TimeZoneInfo Tehran = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");

    // 29 Esfand 1404, Nowruz 1405 (1–4 Farvardin), 12 and 13 Farvardin, and a lunar holiday (Eid al-Adha, 6 Khordad 1405).
    private static readonly DateOnly[] Holidays =
    [
        new(2026, 3, 20), new(2026, 3, 21), new(2026, 3, 22), new(2026, 3, 23), new(2026, 3, 24),
        new(2026, 4, 1), new(2026, 4, 2), new(2026, 5, 27),
    ];

    private static readonly WorkingCalendar Calendar = new(WorkingWeek.Iranian, Tehran, Holidays);

    [Fact]
    public void The_fingerprint_stays_for_the_same_calendar_and_changes_with_a_holiday_the_hours_or_the_zone()
    {
        new WorkingCalendar(WorkingWeek.Iranian, Tehran, Holidays.Reverse()).Fingerprint.ShouldBe(Calendar.Fingerprint);
        new WorkingCalendar(WorkingWeek.Iranian, Tehran, [.. Holidays, new(2026, 6, 1)]).Fingerprint.ShouldNotBe(Calendar.Fingerprint);
        var shorterThursday = new WorkingWeek(Enum.GetValues<DayOfWeek>().ToDictionary(d => d, d => d == DayOfWeek.Thursday ? new WorkingHours(new(8, 0), new(11, 0)) : WorkingWeek.Iranian[d]));
        new WorkingCalendar(shorterThursday, Tehran, Holidays).Fingerprint.ShouldNotBe(Calendar.Fingerprint);
        new WorkingCalendar(WorkingWeek.Iranian, TimeZoneInfo.Utc, Holidays).Fingerprint.ShouldNotBe(Calendar.Fingerprint);
    }

    private static DateTime Utc(string iso) => DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

    [Theory]
    // Thursday 11:00 + 2 h: one hour left on Thursday's half day, Friday off, Saturday 09:00.
    [InlineData("2026-12-03T07:30:00Z", 2.0, "2026-12-05T05:30:00Z")]
    // Wednesday 15:00 + 3 h: one hour on Wednesday, Thursday 10:00.
    [InlineData("2026-12-02T11:30:00Z", 3.0, "2026-12-03T06:30:00Z")]
    // Wednesday 15:00 + 1 h ends at Wednesday's close, not on Thursday morning.
    [InlineData("2026-12-02T11:30:00Z", 1.0, "2026-12-02T12:30:00Z")]
    // Tuesday 15:00 + 14 h across the change of Jalali year: 1 + 8 + 4, then Friday, 29 Esfand and Nowruz off, Wednesday 25 March 09:00.
    [InlineData("2026-03-17T11:30:00Z", 14.0, "2026-03-25T05:30:00Z")]
    // Tuesday 15:30 + 1 h: half an hour, Wednesday is Eid al-Adha, Thursday 08:30.
    [InlineData("2026-05-26T12:00:00Z", 1.0, "2026-05-28T05:00:00Z")]
    // Friday 23:59 Tehran is still Friday there although Friday 20:29 UTC: Saturday 09:00.
    [InlineData("2026-12-04T20:29:00Z", 1.0, "2026-12-05T05:30:00Z")]
    // Saturday 00:30 Tehran is Friday 21:00 UTC: Saturday 09:00, not Sunday.
    [InlineData("2026-12-04T21:00:00Z", 1.0, "2026-12-05T05:30:00Z")]
    // Clocks moved forward at midnight into 2 Farvardin 1400 (22 March 2021): Sunday 15:00 (+03:30) + 2 h ends Monday 09:00 (+04:30).
    [InlineData("2021-03-21T11:30:00Z", 2.0, "2021-03-22T04:30:00Z")]
    // A start before opening counts from opening: Saturday 07:00 + 8 h is Saturday 16:00.
    [InlineData("2026-12-05T03:30:00Z", 8.0, "2026-12-05T12:30:00Z")]
    public void Adds_working_hours(string start, double hours, string expected)
    {
        Calendar.AddWorkingTime(Utc(start), TimeSpan.FromHours(hours)).ShouldBe(Utc(expected));
    }

    [Theory]
    // Wednesday 14:00 + 1 day: Thursday, moved into its half day, 12:00.
    [InlineData("2026-12-02T10:30:00Z", 1, "2026-12-03T08:30:00Z")]
    // Thursday 10:00 + 1 day: Saturday 10:00.
    [InlineData("2026-12-03T06:30:00Z", 1, "2026-12-05T06:30:00Z")]
    // Tuesday 10:00 + 3 days across Nowruz: Wednesday, Thursday, then Wednesday 25 March 10:00.
    [InlineData("2026-03-17T06:30:00Z", 3, "2026-03-25T06:30:00Z")]
    // Friday 20:00 + 1 day: Saturday, moved back into its hours, 16:00.
    [InlineData("2026-12-04T16:30:00Z", 1, "2026-12-05T12:30:00Z")]
    // Tuesday 26 May 09:00 + 1 day skips Eid al-Adha: Thursday 09:00.
    [InlineData("2026-05-26T05:30:00Z", 1, "2026-05-28T05:30:00Z")]
    public void Adds_working_days(string start, int days, string expected)
    {
        Calendar.AddWorkingDays(Utc(start), days).ShouldBe(Utc(expected));
    }

    [Theory]
    [InlineData("2026-12-03T07:30:00Z", "2026-12-05T05:30:00Z", 2.0)]
    // Wednesday 18 March to Wednesday 25 March, whole days: 8 + 4 + 8 around Nowruz.
    [InlineData("2026-03-17T20:30:00Z", "2026-03-25T19:30:00Z", 20.0)]
    // Within a Friday: nothing.
    [InlineData("2026-12-04T05:00:00Z", "2026-12-04T10:00:00Z", 0.0)]
    // Backwards: nothing.
    [InlineData("2026-12-05T10:00:00Z", "2026-12-05T06:00:00Z", 0.0)]
    public void Measures_working_time_between(string from, string to, double hours)
    {
        Calendar.WorkingTimeBetween(Utc(from), Utc(to)).ShouldBe(TimeSpan.FromHours(hours));
    }

    [Fact]
    public void Adding_and_measuring_agree()
    {
        var start = Utc("2026-03-10T09:17:00Z");
        foreach (var minutes in new[] { 1, 59, 240, 480, 3000, 12_345 })
        {
            var end = Calendar.AddWorkingTime(start, TimeSpan.FromMinutes(minutes));
            Calendar.WorkingTimeBetween(start, end).ShouldBe(TimeSpan.FromMinutes(minutes));
        }
    }

    [Fact]
    public void The_next_working_instant_of_a_Friday_morning_is_Saturday_at_eight()
    {
        Calendar.NextWorkingInstant(Utc("2026-12-04T06:30:00Z")).ShouldBe(Utc("2026-12-05T04:30:00Z"));
        Calendar.NextWorkingInstant(Utc("2026-12-05T06:30:00Z")).ShouldBe(Utc("2026-12-05T06:30:00Z"));
    }

    [Fact]
    public void Stored_holidays_become_dates_fixed_ones_every_year_and_lunar_ones_in_their_year()
    {
        var rows = new List<Holiday>
        {
            new() { Month = 1, Day = 1, NamePersian = "نوروز", NameEnglish = "Nowruz" },
            new() { Year = 1405, Month = 3, Day = 6, NamePersian = "قربان", NameEnglish = "Eid al-Adha" },
            new() { Year = 1405, Month = 3, Day = 7, NamePersian = "حذف‌شده", NameEnglish = "Removed", IsDeleted = true },
        };
        var calendar = WorkingCalendarSource.Build([], rows, Tehran, Utc("2026-12-05T06:00:00Z"));
        calendar.IsHoliday(new DateOnly(2026, 3, 21)).ShouldBeTrue();
        calendar.IsHoliday(new DateOnly(2027, 3, 21)).ShouldBeTrue();
        calendar.IsHoliday(new DateOnly(2026, 5, 27)).ShouldBeTrue();
        calendar.IsHoliday(new DateOnly(2027, 5, 27)).ShouldBeFalse();
        calendar.IsHoliday(new DateOnly(2026, 5, 28)).ShouldBeFalse();
        calendar.IsWorkingDay(new DateOnly(2026, 12, 4)).ShouldBeFalse();
    }

    [Fact]
    public void The_suggested_lunar_holidays_of_1405_are_near_the_official_ones()
    {
        var suggested = IranianHolidays.LunarSuggestions(1405);
        // Iran's official 1405 calendar: Eid al-Adha 6 Khordad (27 May 2026), Ashura 5 Tir (26 June 2026); sighting may move a day.
        suggested.Single(h => h.Name.English == "Eid al-Adha").Date.DayNumber.ShouldBeInRange(new DateOnly(2026, 5, 26).DayNumber, new DateOnly(2026, 5, 28).DayNumber);
        suggested.Single(h => h.Name.English == "Ashura").Date.DayNumber.ShouldBeInRange(new DateOnly(2026, 6, 25).DayNumber, new DateOnly(2026, 6, 27).DayNumber);
        suggested.Count.ShouldBeInRange(16, 19);
    }
}
