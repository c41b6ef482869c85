using Microsoft.Playwright;

namespace Crm.BrowserTests;

/// <summary>
/// A day's follow-up on a contact: log a call with a tag, schedule a follow-up, mention a colleague in a comment; the
/// colleague opens the notification; the tag opens the call. Timeline and calendar in both languages.
/// </summary>
public sealed class ActivitiesBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    [Fact]
    public async Task Call_follow_up_and_mention_reach_the_colleague_and_the_tag_finds_the_call()
    {
        var page = await app.SignedInPageAsync(1280, 900, phone: false);
        var colleague = "hamkar" + Random.Shared.Next(1000, 9999);
        const string colleaguePassword = "Colleague-Pass-42";
        await RunningApp.NewUserAsync(page, app.BaseUrl, "نگار همکار", colleague, colleaguePassword, "SalesManager");

        var contactUrl = await app.NewContactAsync(page, "کامران", "صالحی");

        // Log a call, with a tag typed in Arabic letters: it is stored in Persian spelling.
        await page.ClickAsync("#log-call");
        await page.ArriveAtAsync("**/Activities/Activities/Create**");
        await page.FillAsync("#Subject", "استعلام قیمت دستگاه");
        await page.FillAsync("#DurationMinutes", "12");
        await page.FillAsync("#Tags", "مشتري ويژه");
        await RunningApp.Shot(page, "activity-call-form-fa");
        await page.ClickAsync("#save-activity");
        await page.ArriveAtAsync(contactUrl);
        (await page.InnerTextAsync("#timeline")).ShouldContain("استعلام قیمت دستگاه");

        await page.ClickAsync("#schedule-follow-up");
        await page.FillAsync("#Subject", "ارسال پیش‌فاکتور");
        await page.ClickAsync("#save-activity");
        await page.ArriveAtAsync(contactUrl);
        (await page.InnerTextAsync("#timeline")).ShouldContain("ارسال پیش‌فاکتور");

        await page.FillAsync("#comment-text", $"@{colleague} لطفاً قیمت نهایی را تأیید کن.");
        await page.ClickAsync("#add-comment");
        await page.WaitForSelectorAsync("#comments .mention");
        (await page.InnerTextAsync("#comments")).ShouldContain("@نگار همکار");
        await RunningApp.Shot(page, "contact-timeline-fa");

        await page.GotoAsync(contactUrl + "?culture=en-US&ui-culture=en-US");
        (await page.InnerTextAsync("#timeline")).ShouldContain("Follow-up task");
        await RunningApp.Shot(page, "contact-timeline-en");

        // The follow-up is due tomorrow morning (Tehran time): the week around tomorrow shows it.
        var tomorrow = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran")).Date.AddDays(1);
        var jalali = new System.Globalization.PersianCalendar();
        var date = $"{jalali.GetYear(tomorrow)}/{jalali.GetMonth(tomorrow):00}/{jalali.GetDayOfMonth(tomorrow):00}";
        await page.GotoAsync(app.BaseUrl + "/Activities/Calendar?view=week&date=" + date);
        (await page.InnerTextAsync("#calendar")).ShouldContain("ارسال پیش‌فاکتور");
        await RunningApp.Shot(page, "calendar-week-fa");
        await RunningApp.OpenAndShotAsync(page, app.BaseUrl + "/Activities/Calendar", "calendar-month-fa");
        await RunningApp.OpenAndShotAsync(page, app.BaseUrl + "/Activities/Calendar?culture=en-US&ui-culture=en-US", "calendar-month-en");

        // On a phone a day's cell is too narrow for a label: the agenda under the grid lists the items in full.
        var phone = await app.SignedInPageAsync(390, 844, phone: true);
        var isoDate = tomorrow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (query, suffix) in new[] { (date + "&culture=fa-IR&ui-culture=fa-IR", "fa"), (isoDate + "&culture=en-US&ui-culture=en-US", "en") })
        {
            await phone.GotoAsync(app.BaseUrl + "/Activities/Calendar?view=week&date=" + query);
            var item = suffix == "fa" ? phone.Locator("#calendar-agenda a", new PageLocatorOptions { HasText = "ارسال پیش‌فاکتور" }) : phone.Locator("#calendar-agenda a").First;
            await item.ScrollIntoViewIfNeededAsync();
            (await item.IsVisibleAsync()).ShouldBeTrue();
            (await item.BoundingBoxAsync())!.Width.ShouldBeGreaterThan(300);
            (await phone.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
            await RunningApp.Shot(phone, $"calendar-phone-{suffix}");
        }

        await page.GotoAsync(app.BaseUrl + "/Activities/MyDay");
        (await page.InnerTextAsync("#my-day-upcoming")).ShouldContain("ارسال پیش‌فاکتور");
        await RunningApp.Shot(page, "my-day-fa");

        // The colleague sees one unread notification and follows it to the comment.
        var theirs = await app.SignedInPageAsync(390, 844, phone: true, colleague, colleaguePassword);
        (await theirs.InnerTextAsync("#notification-count")).ShouldBe("۱");
        await theirs.ClickAsync("#notification-bell");
        await theirs.WaitForSelectorAsync("[data-notification]");
        await RunningApp.Shot(theirs, "notifications-fa-phone");
        await theirs.ClickAsync("[data-notification]");
        await theirs.ArriveAtAsync("**/Contacts/Contacts/Details/**");
        (await theirs.InnerTextAsync("#comments")).ShouldContain("قیمت نهایی");
        (await theirs.QuerySelectorAsync("#notification-count")).ShouldBeNull();
        await RunningApp.Shot(theirs, "contact-from-notification-fa-phone");
        await theirs.GotoAsync(app.BaseUrl + "/Notifications/Notifications");
        (await theirs.InnerTextAsync("main")).ShouldContain("از شما نام برد");
        await RunningApp.Shot(theirs, "notifications-list-fa-phone");
        await theirs.GotoAsync(contactUrl);

        // The tag on the call opens everything carrying it: the call is there.
        await theirs.ClickAsync("#timeline a.badge:text('مشتری ویژه')");
        await theirs.ArriveAtAsync("**/Tags/Tags/Show/**");
        (await theirs.InnerTextAsync("#tagged-records")).ShouldContain("استعلام قیمت دستگاه");
        await RunningApp.Shot(theirs, "tag-page-fa-phone");
    }

    [Fact]
    public async Task Every_new_page_reads_in_persian_and_english_and_a_bad_form_keeps_what_was_typed()
    {
        var page = await app.SignedInPageAsync(1280, 900, phone: false);
        var contactUrl = await app.NewContactAsync(page, "پریسا", "نادری");

        // A follow-up without a subject and with an impossible date comes back with the messages and the typed details.
        await page.ClickAsync("#schedule-follow-up");
        await page.FillAsync("#Date", "1405/13/40");
        await page.FillAsync("#Body", "کاتالوگ جدید را بفرستم");
        await page.ClickAsync("#save-activity");
        await page.WaitForSelectorAsync(".alert-danger");
        (await page.InnerTextAsync("#activity-form")).ShouldContain("لطفاً عنوان را بنویسید.");
        (await page.InputValueAsync("#Body")).ShouldBe("کاتالوگ جدید را بفرستم");
        await RunningApp.Shot(page, "activity-form-errors-fa");
        await page.FillAsync("#Subject", "ارسال کاتالوگ");
        await page.FillAsync("#Date", "1405/10/01");
        await page.FillAsync("#Tags", "نمایشگاه");
        await page.ClickAsync("#save-activity");
        await page.ArriveAtAsync(contactUrl);

        await page.ClickAsync("#timeline a:text('ارسال کاتالوگ')");
        await page.ArriveAtAsync("**/Activities/Activities/Details/**");
        var activityUrl = page.Url;
        await page.FillAsync("#comment-text", "قیمت‌ها را هم پیوست کن.");
        await page.ClickAsync("#add-comment");
        await page.WaitForSelectorAsync("#comments .comment-text");
        await page.ClickAsync("#comments button[data-bs-toggle=collapse]");
        await page.FillAsync("#comments form.collapse textarea", "قیمت‌ها و شرایط پرداخت را هم پیوست کن.");
        await page.ClickAsync("#comments form.collapse button[type=submit], #comments form.collapse button");
        await page.WaitForSelectorAsync("a[href*='/Activities/Comments/History/']");
        var historyUrl = app.BaseUrl + await page.GetAttributeAsync("a[href*='/Activities/Comments/History/']", "href");

        await page.GotoAsync(app.BaseUrl + "/Tags/TagReview");
        await page.ClickAsync("tr:has-text('نمایشگاه') a.btn-outline-primary");
        await page.ArriveAtAsync("**/Tags/TagReview/Edit/**");
        var tagEditUrl = page.Url;
        var tagUrl = app.BaseUrl + "/Tags/Tags/Show/" + tagEditUrl.Split('/').Last();

        var pages = new (string Name, string Url, string Persian, string English)[]
        {
            ("activity-details", activityUrl, "ارسال کاتالوگ", "Follow-up task"),
            ("comment-history", historyUrl, "تاریخچه‌ی نظر", "Comment history"),
            ("tag-review", app.BaseUrl + "/Tags/TagReview", "بازبینی برچسب‌ها", "Tag review"),
            ("tag-edit", tagEditUrl, "ادغام", "merge"),
            ("tag-report", app.BaseUrl + "/Tags/TagReport", "گزارش برچسب‌ها", "Tag report"),
            ("tag-page", tagUrl, "نمایشگاه", "Activities"),
            ("notifications", app.BaseUrl + "/Notifications/Notifications", "اعلان‌ها", "Notifications"),
            ("my-day", app.BaseUrl + "/Activities/MyDay", "کارهای امروز", "My day"),
            ("calendar-day", app.BaseUrl + "/Activities/Calendar?view=day", "امروز", "Today"),
        };
        foreach (var (name, url, persian, english) in pages)
        {
            await page.GotoAsync(url);
            (await page.InnerTextAsync("main")).ShouldContain(persian);
            await RunningApp.Shot(page, name + "-fa");
            await page.GotoAsync(url + (url.Contains('?') ? "&" : "?") + "culture=en-US&ui-culture=en-US");
            (await page.GetAttributeAsync("html", "dir")).ShouldBe("ltr");
            (await page.InnerTextAsync("main")).ShouldContain(english);
            await RunningApp.Shot(page, name + "-en");
        }

        var phone = await app.SignedInPageAsync(390, 844, phone: true);
        await RunningApp.OpenAndShotAsync(phone, app.BaseUrl + "/Activities/MyDay", "my-day-fa-phone");
        await RunningApp.OpenAndShotAsync(phone, app.BaseUrl + "/Activities/Calendar?view=week", "calendar-week-fa-phone");
    }
}
