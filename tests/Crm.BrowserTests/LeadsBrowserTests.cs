using Microsoft.Playwright;

namespace Crm.BrowserTests;

/// <summary>A lead captured at the counter on a phone, found again, edited and caught as a duplicate; then a spreadsheet imported through the wizard.</summary>
public sealed class LeadsBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    [Fact]
    public async Task Quick_add_on_a_phone_find_by_another_format_open_edit_and_see_the_duplicate_warning()
    {
        var page = await app.SignedInPageAsync(390, 844, phone: true);
        var mobile = "0936" + Random.Shared.Next(1000000, 9999999);
        await page.GotoAsync(app.BaseUrl + "/Leads/Leads");
        await page.ClickAsync("#quick-add");
        await page.ArriveAtAsync("**/Leads/Leads/Quick");
        await page.FillAsync("#Name", "پریسا یوسفي");
        await page.FillAsync("#Mobile", mobile);
        await RunningApp.Shot(page, "lead-quick-fa-phone");
        await page.ClickAsync("#quick-form button[type=submit]");
        await page.ArriveAtAsync("**/Leads/Leads/Details/**");
        (await page.InnerTextAsync("h1")).ShouldContain("پریسا یوسفی");
        var detailsUrl = page.Url;

        // The number typed the international way, with Persian digits and spaces.
        var typed = new string(("+98 " + mobile[1..4] + " " + mobile[4..7] + " " + mobile[7..]).Select(c => char.IsAsciiDigit(c) ? (char)('۰' + (c - '0')) : c).ToArray());
        await page.GotoAsync(app.BaseUrl + "/Leads/Leads");
        await page.FillAsync("#q", typed);
        await page.PressAsync("#q", "Enter");
        await page.ArriveAtAsync("**q=**");
        await RunningApp.Shot(page, "leads-search-fa-phone");
        await page.ClickAsync("text=پریسا یوسفی");
        await page.ArriveAtAsync(detailsUrl);

        await page.ClickAsync("a[href*='/Leads/Leads/Edit/']");
        await page.FillAsync("#Company", "گالری نقش");
        await page.SelectOptionAsync("#Status", "Contacted");
        await page.SelectOptionAsync("#Priority", "High");
        await RunningApp.Shot(page, "lead-edit-fa-phone");
        await page.ClickAsync("button[type=submit].btn-primary");
        await page.ArriveAtAsync(detailsUrl);
        var details = await page.InnerTextAsync("main");
        details.ShouldContain("گالری نقش");
        details.ShouldContain("تماس گرفته شده");
        await RunningApp.Shot(page, "lead-details-fa-phone");

        await page.GotoAsync(app.BaseUrl + "/Leads/Leads/Quick");
        await page.FillAsync("#Name", "Parisa Yousefi");
        await page.FillAsync("#Mobile", "0098" + mobile[1..]);
        await page.ClickAsync("#quick-form button[type=submit]");
        await page.WaitForSelectorAsync("#duplicates");
        (await page.InnerTextAsync("#duplicates")).ShouldContain("پریسا یوسفی");
        await RunningApp.Shot(page, "lead-duplicate-warning-fa-phone");

        // Saved anyway, the second lead offers to merge the first into it.
        await page.ClickAsync("#IgnoreDuplicates");
        await page.ClickAsync("#quick-form button[type=submit]");
        await page.ArriveAtAsync("**/Leads/Leads/Details/**");
        await page.ClickAsync("a[href*='/Leads/Leads/Merge/']");
        await page.ArriveAtAsync("**/Leads/Leads/Merge/**");
        (await page.InnerTextAsync("main")).ShouldContain("گالری نقش");
        await RunningApp.Shot(page, "lead-merge-fa-phone");
    }

    [Fact]
    public async Task The_top_bar_search_suggests_by_surname_and_opens_the_chosen_record_from_the_keyboard()
    {
        var page = await app.SignedInPageAsync(1280, 800, phone: false);
        var surname = "کاظمی" + Random.Shared.Next(10000, 99999);
        await page.GotoAsync(app.BaseUrl + "/Leads/Leads/Quick");
        await page.FillAsync("#Name", "سمیرا " + surname);
        await page.FillAsync("#Mobile", "0937" + Random.Shared.Next(1000000, 9999999));
        await page.ClickAsync("#quick-form button[type=submit]");
        await page.ArriveAtAsync("**/Leads/Leads/Details/**");
        var detailsUrl = page.Url;

        await page.GotoAsync(app.BaseUrl + "/");
        await page.FocusAsync("#global-search");
        await page.Keyboard.TypeAsync(surname, new KeyboardTypeOptions { Delay = 20 });
        var option = page.Locator("#global-search-list [role=option]", new PageLocatorOptions { HasText = surname });
        await option.WaitForAsync();
        (await page.GetAttributeAsync("#global-search", "aria-expanded")).ShouldBe("true");
        await RunningApp.Shot(page, "global-search-fa");
        await page.PressAsync("#global-search", "ArrowDown");
        await page.PressAsync("#global-search", "Enter");
        await page.ArriveAtAsync(detailsUrl);

        // Enter with nothing chosen opens the full results, grouped by kind.
        await page.FillAsync("#global-search", surname);
        await option.WaitForAsync();
        await page.PressAsync("#global-search", "Escape");
        (await page.InputValueAsync("#global-search")).ShouldBe(surname);
        await page.PressAsync("#global-search", "Enter");
        await page.ArriveAtAsync("**/Search?q=**");
        (await page.InnerTextAsync("#search-results")).ShouldContain(surname);
        await RunningApp.Shot(page, "global-search-results-fa");
    }

    [Fact]
    public async Task Importing_a_spreadsheet_shows_the_preview_the_progress_and_the_report()
    {
        var page = await app.SignedInPageAsync(1280, 900, phone: false);
        await page.GotoAsync(app.BaseUrl + "/Leads/Leads");
        await page.ClickAsync("a[href='/Imports/New?target=leads']");
        await RunningApp.Shot(page, "import-upload-fa");
        await page.SetInputFilesAsync("#file", Path.Combine(RunningApp.RepositoryRoot, "tests", "Crm.IntegrationTests", "Fixtures", "leads-import.xlsx"));
        await page.ClickAsync("#upload button[type=submit]");
        await page.ArriveAtAsync("**/Imports/Map/**");
        (await page.InnerTextAsync("#mapping")).ShouldContain("شرکت آلفا");

        // The source column's values are listed; unmapping the column takes the list away, mapping it again brings it back.
        var sourceSelect = "select[name^='mapping[']:has(option[value=Source][selected])";
        var sourceColumn = await page.GetAttributeAsync(sourceSelect, "name");
        await page.WaitForSelectorAsync("[data-values-of=Source]");
        await page.SelectOptionAsync($"select[name='{sourceColumn}']", "");
        await page.WaitForSelectorAsync("[data-values-of=Source]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });
        await page.SelectOptionAsync($"select[name='{sourceColumn}']", "Source");
        await page.WaitForSelectorAsync("[data-values-of=Source]");
        var pos = await page.EvaluateAsync<string>("document.querySelector('input[name^=valueText][value=POS]').name.match(/\\d+/)[0]");
        (await page.InputValueAsync($"#value-{pos}")).ShouldBe("");
        await page.SelectOptionAsync($"#value-{pos}", "PosDevice");
        await RunningApp.Shot(page, "import-map-fa");
        await page.ClickAsync("#start-import");
        await page.ArriveAtAsync("**/Imports/Progress/**");
        await page.WaitForSelectorAsync("#issues-download", new PageWaitForSelectorOptions { Timeout = 90_000 });
        (await page.InnerTextAsync("#import-issues")).ShouldContain("ایمیل نامعتبر: not-an-email");
        await RunningApp.Shot(page, "import-report-fa");

        await page.GotoAsync(page.Url + "?culture=en-US&ui-culture=en-US");
        (await page.GetAttributeAsync("html", "dir")).ShouldBe("ltr");
        await RunningApp.Shot(page, "import-report-en");
        await RunningApp.OpenAndShotAsync(page, app.BaseUrl + "/Leads/Leads?culture=en-US&ui-culture=en-US", "leads-list-en");
        await page.GotoAsync(app.BaseUrl + "/Imports/New?target=contacts&culture=en-US&ui-culture=en-US");
        (await page.InnerTextAsync("#upload")).ShouldContain("first row holds the column titles");
        await RunningApp.Shot(page, "import-upload-en");
        await RunningApp.OpenAndShotAsync(page, app.BaseUrl + "/Leads/LeadAssignment?culture=en-US&ui-culture=en-US", "lead-assignment-en");
    }
}
