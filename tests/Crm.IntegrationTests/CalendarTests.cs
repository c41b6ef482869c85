using System.Net;
using System.Text.RegularExpressions;
using Crm.Infrastructure.Calendar;
using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.IntegrationTests;

/// <summary>The working calendar page: who may open it, holidays added, removed, restored and confirmed, and the working week, each seen at once by the calendar workflows use.</summary>
public abstract partial class CalendarTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : AppFixture
{
    private CrmAppFactory App => fixture.App;

    private async Task<WorkingCalendar> CalendarAsync()
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IWorkingCalendarSource>().GetAsync(CancellationToken.None);
    }

    private async Task<HttpClient> AdminAsync()
    {
        var admin = App.Browser();
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        return admin;
    }

    [Fact]
    public async Task Only_administrators_open_the_calendar_or_change_it()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        (await rep.GetAsync("/Calendar")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var post = await rep.PostForm("/", "/Calendar/Add", ("year", "1405"), ("date", "1405/08/01"), ("namePersian", "تعطیل"));
        post.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CalendarAsync()).IsHoliday(new DateOnly(2026, 10, 23)).ShouldBeFalse();

        var manager = await App.SignedInAsync(CrmRoles.SalesManager, await App.NewTeamAsync());
        (await manager.GetAsync("/Calendar")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_fixed_national_holidays_are_there_in_both_languages_every_year()
    {
        var admin = await AdminAsync();
        var persian = await admin.GetStringAsync("/Calendar?year=1406&culture=fa-IR&ui-culture=fa-IR");
        persian.ShouldContain("تعطیلات سال ۱۴۰۶");
        persian.ShouldContain("عید نوروز");
        persian.ShouldContain("۱ فروردین ۱۴۰۶");
        persian.ShouldContain("پیروزی انقلاب اسلامی");
        var english = await admin.GetStringAsync("/Calendar?year=1406&culture=en-US&ui-culture=en-US");
        english.ShouldContain("Nowruz");
        english.ShouldContain("21 Mar 2027");
        english.ShouldContain("Saturday");
        (await CalendarAsync()).IsHoliday(new DateOnly(2027, 2, 11)).ShouldBeTrue(); // 22 Bahman 1405
    }

    [Fact]
    public async Task A_holiday_added_removed_and_restored_counts_at_once_and_bad_input_is_refused_with_a_message()
    {
        var admin = await AdminAsync();
        var day = new DateOnly(2026, 10, 24); // 2 Aban 1405, a Saturday
        (await CalendarAsync()).IsWorkingDay(day).ShouldBeTrue();

        var added = await admin.PostForm("/Calendar", "/Calendar/Add?culture=fa-IR&ui-culture=fa-IR", ("year", "1405"), ("date", "۱۴۰۵/۰۸/۰۲"), ("namePersian", "تعطیلی شرکت"), ("nameEnglish", ""));
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await CalendarAsync()).IsHoliday(day).ShouldBeTrue();
        var page = await admin.GetStringAsync("/Calendar?year=1405&culture=fa-IR&ui-culture=fa-IR");
        page.ShouldContain("تعطیلی شرکت");

        // Each refusal shows the form again, with the message and what was typed.
        var duplicate = await admin.PostForm("/Calendar", "/Calendar/Add?culture=en-US&ui-culture=en-US", ("year", "1405"), ("date", "2026-10-24"), ("namePersian", "دوباره"));
        duplicate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await duplicate.Content.ReadAsStringAsync();
        html.ShouldContain("24 Oct 2026 is already a holiday");
        html.ShouldContain("value=\"2026-10-24\"");
        html.ShouldContain("value=\"دوباره\"");
        var badDate = await admin.PostForm("/Calendar", "/Calendar/Add?culture=fa-IR&ui-culture=fa-IR", ("year", "99999"), ("date", "1405/13/40"), ("namePersian", "بد"));
        badDate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badDate.Content.ReadAsStringAsync()).ShouldContain("تاریخ معتبر نیست");
        var tooLong = await admin.PostForm("/Calendar", "/Calendar/Add?culture=en-US&ui-culture=en-US", ("year", "1405"), ("date", "2026-10-25"), ("nameEnglish", new string('x', 5000)));
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var longHtml = await tooLong.Content.ReadAsStringAsync();
        longHtml.ShouldContain("at most 100 characters");
        longHtml.ShouldNotContain(new string('x', 121));
        (await CalendarAsync()).IsHoliday(day.AddDays(1)).ShouldBeFalse();

        Guid id;
        using (var scope = App.Services.CreateScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Holidays.Where(h => h.NamePersian == "تعطیلی شرکت").Select(h => h.Id).SingleAsync();
        }

        var removed = await admin.PostForm("/Calendar", $"/Calendar/Remove/{id}?year=1405", ("year", "1405"));
        removed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await CalendarAsync()).IsHoliday(day).ShouldBeFalse();
        (await admin.PostForm("/Calendar", $"/Calendar/Restore/{id}", ("backTo", "/Calendar?year=1405"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await CalendarAsync()).IsHoliday(day).ShouldBeTrue();
    }

    [GeneratedRegex("name=\"picked\" value=\"(\\d+)\"")]
    private static partial Regex Picked();

    [Fact]
    public async Task The_suggested_lunar_holidays_of_a_year_are_added_only_when_confirmed()
    {
        var admin = await AdminAsync();
        var page = await admin.GetStringAsync("/Calendar?year=1407&culture=en-US&ui-culture=en-US");
        page.ShouldContain("Suggested lunar holidays of 1407");
        // A lunar holiday may fall on a fixed one (Ashura 1407 is 14 Khordad): it is not suggested again.
        var before = await CalendarAsync();
        var suggested = IranianHolidays.LunarSuggestions(1407).Select((h, i) => (h.Date, h.Name, Index: i)).Where(h => !before.IsHoliday(h.Date)).ToList();
        suggested.Count.ShouldBeGreaterThan(10);
        Picked().Count(page).ShouldBe(suggested.Count);

        // Ticked: all but one; an index out of range is ignored.
        var kept = suggested[0];
        var unticked = suggested[1];
        var picks = suggested.Where(h => h.Index != unticked.Index).Select(h => ("picked", h.Index.ToString(System.Globalization.CultureInfo.InvariantCulture))).Append(("picked", "999"));
        var confirmed = await admin.PostForm("/Calendar", "/Calendar/Confirm", [("year", "1407"), .. picks]);
        confirmed.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var calendar = await CalendarAsync();
        calendar.IsHoliday(kept.Date).ShouldBeTrue();
        calendar.IsHoliday(unticked.Date).ShouldBeFalse();
        Picked().Count(await admin.GetStringAsync("/Calendar?year=1407")).ShouldBe(1);
        // Another year's are not touched.
        calendar.IsHoliday(IranianHolidays.LunarSuggestions(1409).Single(h => h.Name.English == "Eid al-Adha").Date).ShouldBeFalse();
    }

    [Fact]
    public async Task The_working_week_is_validated_guarded_against_a_stale_form_and_used_at_once()
    {
        var admin = await AdminAsync();
        var page = await admin.GetStringAsync("/Calendar?culture=en-US&ui-culture=en-US");
        var stamp = Regex.Match(page, "name=\"stamp\" value=\"([^\"]*)\"").Groups[1].Value;
        (string, string)[] Week(string thursdayTo, bool thursdayOff, string stampValue) =>
        [
            ("stamp", stampValue), ("year", "1405"),
            .. new[] { 6, 0, 1, 2, 3, 4, 5 }.SelectMany((day, i) => new[]
            {
                ($"days[{i}].DayOfWeek", day.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ($"days[{i}].Off", day == 5 || (day == 4 && thursdayOff) ? "true" : "false"),
                ($"days[{i}].From", "08:00"),
                ($"days[{i}].To", day == 4 ? thursdayTo : "16:00"),
            }),
        ];

        var bad = await admin.PostForm("/Calendar", "/Calendar/Week?culture=en-US&ui-culture=en-US", Week("07:00", false, stamp));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("Thursday: give the start and end as hh:mm");

        var thursday = new DateOnly(2026, 12, 10);
        (await CalendarAsync()).IsWorkingDay(thursday).ShouldBeTrue();
        (await admin.PostForm("/Calendar", "/Calendar/Week", Week("12:00", true, stamp))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await CalendarAsync()).IsWorkingDay(thursday).ShouldBeFalse();

        // The form read before that save is stale now.
        var stale = await admin.PostForm("/Calendar", "/Calendar/Week?culture=fa-IR&ui-culture=fa-IR", Week("12:00", false, stamp));
        stale.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await stale.Content.ReadAsStringAsync()).ShouldContain("کس دیگری در همین فاصله هفتهٔ کاری را تغییر داده است");
        (await CalendarAsync()).IsWorkingDay(thursday).ShouldBeFalse();

        var fresh = Regex.Match(await admin.GetStringAsync("/Calendar"), "name=\"stamp\" value=\"([^\"]*)\"").Groups[1].Value;
        (await admin.PostForm("/Calendar", "/Calendar/Week", Week("12:00", false, fresh))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await CalendarAsync()).WorkingSpan(thursday).ShouldNotBeNull();
    }
}

public sealed class SqliteCalendarTests(SqliteAppFixture fixture) : CalendarTests<SqliteAppFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresCalendarTests(PostgresAppFixture fixture) : CalendarTests<PostgresAppFixture>(fixture);
