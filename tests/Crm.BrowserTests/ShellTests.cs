using Microsoft.Playwright;

namespace Crm.BrowserTests;

public sealed class ShellTests(RunningApp app) : IClassFixture<RunningApp>
{
    private async Task<IPage> NewPage(int width = 1280, int height = 800)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        return await context.NewPageAsync();
    }

    private async Task SignIn(IPage page)
    {
        await page.FillAsync("#UserName", "admin");
        await page.FillAsync("#Password", RunningApp.AdminPassword);
        await page.ClickAsync("#sign-in");
        await page.WaitForSelectorAsync("#welcome");
    }

    [Fact]
    public async Task Sign_in_switch_language_and_sign_out()
    {
        var page = await NewPage();
        await page.GotoAsync(app.BaseUrl + "/");

        // Anonymous: sent to the Persian, right-to-left sign-in page.
        page.Url.ShouldContain("/Identity/Account/SignIn");
        (await page.GetAttributeAsync("html", "dir")).ShouldBe("rtl");
        (await page.EvaluateAsync<string>("getComputedStyle(document.body).fontFamily")).ShouldStartWith("Vazirmatn");
        await RunningApp.Shot(page, "sign-in-fa");
        await page.ClickAsync("a[href$='/Identity/Account/ForgotPassword']");
        await page.WaitForSelectorAsync("#Email");
        await RunningApp.Shot(page, "forgot-password-fa");
        await page.GotoAsync(app.BaseUrl + "/");

        // Wrong password: the error is shown in Persian.
        await page.FillAsync("#UserName", "admin");
        await page.FillAsync("#Password", "not-the-password");
        await page.ClickAsync("#sign-in");
        (await page.InnerTextAsync(".alert-danger")).ShouldContain("نادرست");

        await SignIn(page);
        (await page.InnerTextAsync("#welcome")).ShouldContain("خوش آمدید");
        (await page.InnerTextAsync("#sidebar")).ShouldContain("کاربران");
        await RunningApp.Shot(page, "home-fa");

        await RunningApp.OpenAndShotAsync(page, app.BaseUrl + "/Identity/Users", "users-fa");
        await RunningApp.OpenAndShotAsync(page, app.BaseUrl + "/Identity/Teams", "teams-fa");
        await page.GotoAsync(app.BaseUrl + "/Identity/Users/Create");
        await page.ClickAsync("#AccessExpiresOn");
        await page.WaitForSelectorAsync("jdp-container", new PageWaitForSelectorOptions { State = WaitForSelectorState.Visible });
        await RunningApp.Shot(page, "user-new-fa-date-picker");
        await page.GotoAsync(app.BaseUrl + "/Jobs");
        // Wait for the post the click sends, so the check below sees the page it leads to, not the one before.
        await Task.WhenAll(page.WaitForResponseAsync(r => r.Url.Contains("/Jobs/RunNow", StringComparison.Ordinal)), page.ClickAsync(".run-now"));
        await page.WaitForSelectorAsync(".alert-success");
        await page.ReloadAsync();
        (await page.InnerTextAsync(".schedule >> nth=0")).ShouldContain("هر روز ساعت");
        // The cron reads left to right inside the right-to-left page.
        (await page.EvalOnSelectorAsync<string>("code.cron", "c => getComputedStyle(c).direction")).ShouldBe("ltr");
        await RunningApp.Shot(page, "jobs-fa");
        await page.ClickAsync("#hangfire-dashboard");
        await page.WaitForSelectorAsync("#stats, .navbar");
        (await page.ContentAsync()).ShouldContain("Hangfire");
        await page.GotoAsync(app.BaseUrl + "/Jobs/Hangfire/recurring");
        (await page.InnerTextAsync("body")).ShouldContain("platform.prune-job-history");
        await RunningApp.Shot(page, "jobs-dashboard");
        await page.GotoAsync(app.BaseUrl + "/Identity/Users");

        // Switch to English: the same page, left to right.
        await page.ClickAsync("#language-switch");
        await page.WaitForFunctionAsync("document.documentElement.dir === 'ltr'");
        (await page.InnerTextAsync("h1")).ShouldContain("Users");
        await RunningApp.Shot(page, "users-en");
        await page.GotoAsync(app.BaseUrl + "/");
        (await page.InnerTextAsync("#welcome")).ShouldContain("Welcome");
        await RunningApp.Shot(page, "home-en");
        await RunningApp.OpenAndShotAsync(page, app.BaseUrl + "/Identity/Account/ChangePassword", "change-password-en");
        await page.GotoAsync(app.BaseUrl + "/Jobs");
        (await page.InnerTextAsync("h1")).ShouldContain("Background jobs");
        (await page.InnerTextAsync(".schedule >> nth=0")).ShouldContain("Every day at");
        await RunningApp.Shot(page, "jobs-en");
        await page.GotoAsync(app.BaseUrl + "/");

        await page.ClickAsync("#user-menu");
        await page.ClickAsync("#sign-out");
        // Wait for the sign-in form, not the load event: the redirect after the post once left that event unseen.
        await page.WaitForURLAsync("**/Identity/Account/SignIn", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForSelectorAsync("#sign-in");
        (await page.GetAttributeAsync("html", "dir")).ShouldBe("ltr");
        await RunningApp.Shot(page, "sign-in-en");
    }

    [Fact]
    public async Task The_shell_is_usable_at_phone_width()
    {
        var page = await NewPage(390, 844);
        await page.GotoAsync(app.BaseUrl + "/");
        await SignIn(page);
        (await page.IsVisibleAsync("#sidebar .nav")).ShouldBeFalse();
        await page.ClickAsync("[data-bs-target='#sidebar']");

        // By address, not text: another test may have switched the administrator's saved language.
        var usersLink = page.Locator("#sidebar a[href='/Identity/Users']");
        await usersLink.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        await page.WaitForTimeoutAsync(400); // let the slide-in finish before the screenshot
        await RunningApp.Shot(page, "home-phone");
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        scrollWidth.ShouldBeLessThanOrEqualTo(390);
    }

    [Fact]
    public async Task The_whole_menu_stays_inside_its_panel_on_a_laptop_screen()
    {
        var page = await NewPage(1366, 900);
        await page.GotoAsync(app.BaseUrl + "/");
        await SignIn(page);

        // The administrator's menu is longer than the window: the panel ends at the window's bottom and scrolls.
        var panel = await page.EvaluateAsync<double[]>("(() => { const s = document.getElementById('sidebar'); const r = s.getBoundingClientRect(); return [r.bottom, innerHeight, s.scrollHeight, s.clientHeight]; })()");
        panel[0].ShouldBeLessThanOrEqualTo(panel[1] + 1);
        panel[2].ShouldBeGreaterThan(panel[3]);
        var last = page.Locator("#sidebar a.nav-link").Last;
        await last.ScrollIntoViewIfNeededAsync();
        (await last.IsVisibleAsync()).ShouldBeTrue();
        var box = await last.BoundingBoxAsync();
        ((double)(box!.Y + box.Height)).ShouldBeLessThanOrEqualTo(panel[1] + 1);
        await RunningApp.Shot(page, "sidebar-1366x900");
        await page.GotoAsync(app.BaseUrl + "/?culture=en-US&ui-culture=en-US");
        (await page.GetAttributeAsync("html", "dir")).ShouldBe("ltr");
        var english = await page.EvaluateAsync<double[]>("(() => { const s = document.getElementById('sidebar'); return [s.getBoundingClientRect().bottom, innerHeight]; })()");
        english[0].ShouldBeLessThanOrEqualTo(english[1] + 1);
        await RunningApp.Shot(page, "sidebar-1366x900-en");
        await page.GotoAsync(app.BaseUrl + "/?culture=fa-IR&ui-culture=fa-IR");
    }

    [Fact]
    public async Task Error_pages_are_localized()
    {
        var page = await NewPage();
        await page.GotoAsync(app.BaseUrl + "/");
        await SignIn(page);
        var response = await page.GotoAsync(app.BaseUrl + "/no-such-page");
        response!.Status.ShouldBe(404);
        (await page.InnerTextAsync("#error-title")).ShouldBe("صفحه پیدا نشد");
        await RunningApp.Shot(page, "error-404-fa");
    }
}
