namespace Crm.BrowserTests;

/// <summary>The administrator's working calendar, right-to-left in Persian on a desktop and left-to-right in English on a phone.</summary>
public sealed class CalendarBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    [Fact]
    public async Task The_working_calendar_shows_the_week_and_the_holidays_and_confirms_the_lunar_ones()
    {
        var page = await app.SignedInPageAsync(1280, 900, phone: false);
        await page.GotoAsync(app.BaseUrl + "/Calendar?culture=fa-IR&ui-culture=fa-IR");
        (await page.GetAttributeAsync("html", "dir")).ShouldBe("rtl");
        (await page.InnerTextAsync("#day-6")).ShouldContain("شنبه");
        (await page.IsCheckedAsync("#off-5")).ShouldBeTrue();
        (await page.InnerTextAsync("#holidays")).ShouldContain("عید نوروز");
        await RunningApp.Shot(page, "calendar-fa");

        var suggestions = await page.Locator("#suggested input[name=picked]").CountAsync();
        suggestions.ShouldBeGreaterThan(10);
        await page.ClickAsync("#confirm-suggested");
        await page.WaitForSelectorAsync(".alert-success");
        (await page.Locator("#suggested").CountAsync()).ShouldBe(0);
        (await page.Locator("#holidays tbody tr").CountAsync()).ShouldBeGreaterThan(suggestions + 9);
        await RunningApp.Shot(page, "calendar-confirmed-fa");

        var phone = await app.SignedInPageAsync(390, 844, phone: true);
        await phone.GotoAsync(app.BaseUrl + "/Calendar?culture=en-US&ui-culture=en-US");
        (await phone.GetAttributeAsync("html", "dir")).ShouldBe("ltr");
        (await phone.InnerTextAsync("#holidays")).ShouldContain("Nowruz");
        await RunningApp.Shot(phone, "calendar-en-phone");
    }
}
