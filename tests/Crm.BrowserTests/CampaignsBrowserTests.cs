using Microsoft.Playwright;

namespace Crm.BrowserTests;

/// <summary>
/// Marketing plans in Persian and in English: a marketer writes a plan with two campaigns and submits it; the manager
/// finds it waiting, sends it back with a comment, and approves it once corrected; the marketer schedules one send,
/// starts the other, adds a cost and reads the results.
/// </summary>
public sealed class CampaignsBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    /// <summary>The language kept for the whole session, as the language switch keeps it, so links followed stay in it.</summary>
    private async Task InLanguageAsync(IPage page, string culture) =>
        await page.Context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = $"c={culture}|uic={culture}", Url = app.BaseUrl }]);

    [Theory]
    [InlineData("fa")]
    [InlineData("en")]
    public async Task A_marketer_writes_and_submits_a_plan_and_a_manager_sends_it_back_then_approves_it(string language)
    {
        var fa = language == "fa";
        var culture = fa ? "fa-IR" : "en-US";
        var query = $"?culture={culture}&ui-culture={culture}";
        var admin = await app.SignedInPageAsync(1280, 900, phone: false);
        var userName = "marketer" + Random.Shared.Next(100000, 999999);
        await RunningApp.NewUserAsync(admin, app.BaseUrl, fa ? "مریم بازاریاب" : "Maryam Marketer", userName, RunningApp.AdminPassword, "Marketer");
        var writer = await app.SignedInPageAsync(1280, 900, phone: false, userName, RunningApp.AdminPassword);
        await InLanguageAsync(writer, culture);
        await InLanguageAsync(admin, culture);

        // An administrator's marketing email template, which the newsletter campaign takes its message from.
        var templateName = (fa ? "دعوت به نمایشگاه " : "Fair invitation ") + Random.Shared.Next(1000, 9999);
        await admin.GotoAsync(app.BaseUrl + "/Messaging/Templates/Create" + query);
        await admin.FillAsync("#Name", templateName);
        await admin.FillAsync("#Key", "fair." + Guid.NewGuid().ToString("N")[..8]);
        await admin.SelectOptionAsync("#Channel", "Email");
        await admin.SelectOptionAsync("#Category", "Marketing");
        await admin.FillAsync("#Subject", fa ? "دعوت به غرفهٔ ما" : "Visit our stand");
        await admin.FillAsync("#Body", fa
            ? "<div dir=\"rtl\"><h2 style=\"color:#0d6efd\">نمایشگاه پاییزه</h2><p>{{Contact.FullName}} عزیز، در غرفهٔ ۱۲ منتظر شما هستیم.</p><p><a href=\"https://shop.example/fair\">نقشهٔ نمایشگاه</a></p></div>"
            : "<h2 style=\"color:#0d6efd\">Autumn fair</h2><p>Dear {{Contact.FullName}}, we look forward to seeing you at stand 12.</p><p><a href=\"https://shop.example/fair\">The fair's map</a></p>");
        await admin.ClickAsync("form[data-preview-url] button[type=submit]");
        await admin.ArriveAtAsync("**/Messaging/Templates**");

        await writer.GotoAsync(app.BaseUrl + "/Campaigns/Plans" + query);
        await RunningApp.Shot(writer, $"campaigns-plans-empty-{language}");
        await writer.ClickAsync("#new-plan");
        await writer.ArriveAtAsync("**/Campaigns/Plans/Create");
        var name = (fa ? "جشنوارهٔ یلدا " : "Yalda sale ") + Random.Shared.Next(1000, 9999);
        // A wrong amount is refused with a reason, and what was typed stays.
        await writer.FillAsync("#Name", name);
        await writer.FillAsync("#Budget", fa ? "پانصد میلیون" : "five hundred million");
        await writer.ClickAsync("#save-plan");
        await writer.WaitForSelectorAsync("#Budget + .text-danger:not(:empty), #Budget ~ .text-danger:not(:empty)");
        (await writer.InputValueAsync("#Name")).ShouldBe(name);
        await RunningApp.Shot(writer, $"campaigns-plan-form-errors-{language}");
        await writer.FillAsync("#Budget", "500000000");
        await writer.FillAsync("#Goal", fa ? "۲۰۰ سرنخ تازه و ۵۰ فروش" : "200 new leads and 50 sales");
        await RunningApp.Shot(writer, $"campaigns-plan-form-{language}");
        await writer.ClickAsync("#save-plan");
        await writer.ArriveAtAsync("**/Campaigns/Plans/Details/**");
        var planUrl = writer.Url.Split('?')[0];

        foreach (var (campaign, type, budget) in new[] { (fa ? "پیامک تخفیف شب یلدا" : "Yalda night SMS", "Sms", "120000000"), (fa ? "خبرنامهٔ غرفه در نمایشگاه" : "Fair stand newsletter", "Email", "450000000") })
        {
            await writer.ClickAsync("#add-campaign");
            await writer.ArriveAtAsync("**/Campaigns/Plans/Campaign**");
            await writer.FillAsync("#Name", campaign);
            await writer.SelectOptionAsync("#Type", type);
            await writer.FillAsync("#Budget", budget);
            if (type == "Sms")
            {
                await writer.SelectOptionAsync("#AudienceMinRating", "1");
                await writer.FillAsync("#Message", fa ? "{{Contact.Name}} عزیز، شب یلدا ۲۰٪ تخفیف" : "Dear {{Contact.Name}}, 20% off on Yalda night");
            }

            if (type == "Email")
            {
                // The callers are only for a call list; the message comes from the template, its subject with it.
                (await writer.IsHiddenAsync("#campaign-callers")).ShouldBeTrue();
                await writer.SelectOptionAsync("#ContentSource", new SelectOptionValue { Label = $"{templateName} ({language})" });
                await RunningApp.Shot(writer, $"campaigns-campaign-form-{language}");
            }

            await writer.ClickAsync("#save-campaign");
            await writer.ArriveAtAsync("**/Campaigns/Plans/Details/**");
        }

        // Over budget: shown in red, and the plan is not submitted.
        await writer.WaitForSelectorAsync("#plan-over-budget");
        await writer.ClickAsync("#submit-plan");
        await writer.WaitForSelectorAsync(".alert-danger[role=alert]");
        await RunningApp.Shot(writer, $"campaigns-plan-over-budget-{language}");
        await writer.Locator("#campaigns li", new() { HasText = fa ? "خبرنامه" : "newsletter" }).Locator("a[href*='Campaign?']").ClickAsync();
        (await writer.InputValueAsync("#Subject")).ShouldBe(fa ? "دعوت به غرفهٔ ما" : "Visit our stand");
        await writer.ClickAsync("#content-preview summary");
        await writer.FrameLocator("#content-preview iframe").Locator("a[href='https://shop.example/fair']").WaitForAsync();
        await RunningApp.Shot(writer, $"campaigns-campaign-content-{language}");
        await writer.FillAsync("#Budget", "300000000");
        await writer.ClickAsync("#save-campaign");
        await writer.ArriveAtAsync("**/Campaigns/Plans/Details/**");
        await writer.ClickAsync("#submit-plan");
        await writer.WaitForSelectorAsync("#plan-waiting");
        (await writer.InnerTextAsync("#plan-status")).ShouldBe(fa ? "در انتظار تأیید" : "Waiting for approval");

        // The manager: waiting on the list, sent back with a comment.
        await admin.GotoAsync(app.BaseUrl + "/Campaigns/Plans" + query);
        await admin.WaitForSelectorAsync("#plans-waiting");
        await RunningApp.Shot(admin, $"campaigns-plans-{language}");
        await admin.GotoAsync(planUrl + query);
        await admin.FillAsync("#comment", fa ? "بودجهٔ پیامک را برای دو نوبت ارسال کافی کنید." : "Make the SMS budget enough for two sends.");
        await RunningApp.Shot(admin, $"campaigns-plan-decide-{language}");
        await admin.ClickAsync("#send-back-plan");
        await admin.WaitForSelectorAsync("#plan-sent-back");

        await writer.GotoAsync(planUrl + query);
        (await writer.InnerTextAsync("#plan-sent-back")).ShouldContain(fa ? "دو نوبت" : "two sends");
        await writer.ClickAsync("#submit-plan");
        await writer.WaitForSelectorAsync("#plan-waiting");

        await admin.GotoAsync(planUrl + query);
        await admin.ClickAsync("#approve-plan");
        await admin.WaitForSelectorAsync("#complete-plan");
        (await admin.InnerTextAsync("#plan-status")).ShouldBe(fa ? "تأییدشده" : "Approved");
        (await admin.Locator("#plan-history li").CountAsync()).ShouldBe(4);
        await RunningApp.Shot(admin, $"campaigns-plan-approved-{language}");

        // Once approved, the marketer schedules the SMS for tomorrow at 10:30 (Tehran), and sends the newsletter now: its
        // progress bar shows on the plan, and follows the send without reloading.
        await writer.GotoAsync(planUrl + query);
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(3.5).AddDays(1));
        var persian = new System.Globalization.PersianCalendar();
        var day = fa ? $"{persian.GetYear(tomorrow.ToDateTime(TimeOnly.MinValue))}/{persian.GetMonth(tomorrow.ToDateTime(TimeOnly.MinValue)):00}/{persian.GetDayOfMonth(tomorrow.ToDateTime(TimeOnly.MinValue)):00}" : tomorrow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var sms = writer.Locator("#campaigns li", new() { HasText = fa ? "پیامک" : "SMS" });
        await sms.Locator(".send-date").FillAsync(day);
        await sms.Locator(".send-time").FillAsync("10:30");
        await sms.Locator(".start-send").ClickAsync();
        await writer.WaitForSelectorAsync(".campaign-send[data-state=Scheduled]");
        await writer.Locator("#campaigns li", new() { HasText = fa ? "خبرنامه" : "newsletter" }).Locator(".start-send").ClickAsync();
        await writer.WaitForSelectorAsync(".campaign-send[data-state=Sending], .campaign-send[data-state=Sent]");
        (await writer.Locator(".campaign-send .progress").CountAsync()).ShouldBe(1);
        await RunningApp.Shot(writer, $"campaigns-plan-sending-{language}");

        // What the campaigns cost and earned: a bill added, the results' charts and tables.
        await writer.SelectOptionAsync("#cost-campaign", new SelectOptionValue { Index = 1 });
        await writer.FillAsync("#cost-amount", "35000000");
        await writer.FillAsync("#cost-description", fa ? "اجارهٔ غرفه" : "Stand rent");
        await writer.ClickAsync("#add-cost button");
        await writer.WaitForSelectorAsync("#campaign-costs li");
        await writer.WaitForSelectorAsync("#chart-campaign-money");
        (await writer.EvaluateAsync<bool>("() => !!Chart.getChart(document.getElementById('chart-campaign-money'))")).ShouldBeTrue("the chart is drawn");
        await writer.Locator("#plan-results").ScrollIntoViewIfNeededAsync();
        await RunningApp.Shot(writer, $"campaigns-plan-results-{language}");

        // The marketing report shows the same campaigns, with its charts.
        var reader = await app.SignedInPageAsync(1280, 900, phone: false);
        await InLanguageAsync(reader, culture);
        await reader.GotoAsync(app.BaseUrl + "/Reports/Reports/Marketing?period=year");
        await reader.WaitForSelectorAsync("#chart-campaign-money");
        (await reader.EvaluateAsync<bool>("() => !!Chart.getChart(document.getElementById('chart-campaign-money'))")).ShouldBeTrue("the report's chart is drawn");
        (await reader.ContentAsync()).ShouldContain(fa ? "پیامک تخفیف شب یلدا" : "Yalda night SMS");
        await RunningApp.Shot(reader, $"campaigns-marketing-report-{language}");

        // A tracking link that was changed: a plain page saying so, in the visitor's language, and no redirect.
        var visitor = await app.SignedInPageAsync(390, 844, phone: true, userName, RunningApp.AdminPassword);
        await InLanguageAsync(visitor, culture);
        var invalid = await visitor.GotoAsync(app.BaseUrl + "/t/c/not-a-real-token");
        invalid!.Status.ShouldBe(404);
        (await visitor.InnerTextAsync(".alert-warning")).ShouldContain(fa ? "معتبر نیست" : "not valid");
        await RunningApp.Shot(visitor, $"campaigns-tracking-invalid-{language}");

        // Who the SMS campaign reaches now.
        await admin.Locator("#campaigns li", new() { HasText = fa ? "پیامک" : "SMS" }).Locator("a[href*='Audience']").ClickAsync();
        await admin.ArriveAtAsync("**/Campaigns/Plans/Audience/**");
        await admin.WaitForSelectorAsync("#audience-reached");
        await RunningApp.Shot(admin, $"campaigns-audience-{language}");

        // On a phone.
        var phone = await app.SignedInPageAsync(390, 844, phone: true, userName, RunningApp.AdminPassword);
        await InLanguageAsync(phone, culture);
        await phone.GotoAsync(planUrl + query);
        (await phone.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await RunningApp.Shot(phone, $"campaigns-plan-phone-{language}");
    }

    [Theory]
    [InlineData("fa")]
    [InlineData("en")]
    public async Task A_marketer_fills_a_target_list_from_checked_contacts_and_pasted_numbers(string language)
    {
        var fa = language == "fa";
        var culture = fa ? "fa-IR" : "en-US";
        var admin = await app.SignedInPageAsync(1280, 900, phone: false);
        await InLanguageAsync(admin, culture);
        var family = (fa ? "نمایشگاهی" : "Fairgoer") + Random.Shared.Next(10000, 99999);
        await app.NewContactAsync(admin, fa ? "سارا" : "Sara", family);
        await app.NewContactAsync(admin, fa ? "نیما" : "Nima", family);
        await app.NewContactAsync(admin, fa ? "آرش" : "Arash", family);
        var thirdMobile = (await admin.Locator("a[href^='tel:']").First.GetAttributeAsync("href"))!["tel:".Length..];

        await admin.GotoAsync(app.BaseUrl + "/Campaigns/Lists");
        var name = (fa ? "بازدیدکنندگان نمایشگاه " : "Fair visitors ") + Random.Shared.Next(1000, 9999);
        await admin.FillAsync("#list-name", name);
        await admin.ClickAsync("#create-list");
        await admin.ArriveAtAsync("**/Campaigns/Lists/Details/**");
        var listUrl = admin.Url.Split('?')[0];

        // The contact list's bulk action: two of the three checked.
        await admin.GotoAsync(app.BaseUrl + "/Contacts/Contacts?q=" + Uri.EscapeDataString(family));
        var boxes = admin.Locator("input[name=ids]");
        (await boxes.CountAsync()).ShouldBe(3);
        foreach (var first in fa ? new[] { "سارا", "نیما" } : ["Sara", "Nima"])
        {
            await admin.Locator("tbody tr", new() { HasText = first }).Locator("input[name=ids]").CheckAsync();
        }

        await admin.SelectOptionAsync("#bulk-list", new SelectOptionValue { Label = name });
        await admin.ClickAsync("#bulk-add-to-list");
        await admin.WaitForSelectorAsync(".alert-success");
        admin.Url.ShouldContain("q=");
        await RunningApp.Shot(admin, $"campaigns-list-bulk-{language}");

        // The third by its mobile, pasted with a line that is no address.
        await admin.GotoAsync(listUrl);
        await admin.FillAsync("#list-text", thirdMobile + "\nnot a number");
        await admin.ClickAsync("#import-list");
        await admin.WaitForSelectorAsync(".alert-success");
        (await admin.Locator("#list-member-rows tbody tr").CountAsync()).ShouldBe(3);
        (await admin.InnerTextAsync("#list-members")).ShouldContain(fa ? "۳" : "3");
        await RunningApp.Shot(admin, $"campaigns-list-{language}");

        var phone = await app.SignedInPageAsync(390, 844, phone: true);
        await InLanguageAsync(phone, culture);
        await phone.GotoAsync(listUrl);
        await RunningApp.Shot(phone, $"campaigns-list-phone-{language}");
    }
}
