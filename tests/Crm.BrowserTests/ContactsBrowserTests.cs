using Microsoft.Playwright;

namespace Crm.BrowserTests;

/// <summary>A contact's life on a phone-sized screen: add, find by a number typed differently, open, edit, duplicate warning.</summary>
public sealed class ContactsBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    [Fact]
    public async Task Add_find_open_edit_and_see_the_duplicate_warning_on_a_phone()
    {
        var page = await app.SignedInPageAsync(390, 844, phone: true);

        var mobile = "0935" + Random.Shared.Next(1000000, 9999999);
        await page.GotoAsync(app.BaseUrl + "/Contacts/Contacts/Create");
        await page.FillAsync("#FirstName", "زهرا");
        await page.FillAsync("#LastName", "کاظمي");
        await page.FillAsync("input[name='Phones[0].Number']", mobile);
        await RunningApp.Shot(page, "contact-new-fa-phone");
        await page.ClickAsync("button[type=submit].btn-primary");
        await page.ArriveAtAsync("**/Contacts/Contacts/Details/**");
        (await page.InnerTextAsync("h1")).ShouldContain("زهرا کاظمی");
        var detailsUrl = page.Url;

        // Typed the international way, with Persian digits.
        var typed = new string(("+98 " + mobile[1..4] + " " + mobile[4..]).Select(c => char.IsAsciiDigit(c) ? (char)('۰' + (c - '0')) : c).ToArray());
        await page.GotoAsync(app.BaseUrl + "/Contacts/Contacts");
        await page.FillAsync("#q", typed);
        await page.PressAsync("#q", "Enter");
        await page.ArriveAtAsync("**q=**");
        await RunningApp.Shot(page, "contacts-search-fa-phone");
        await page.ClickAsync("text=زهرا کاظمی");
        await page.ArriveAtAsync(detailsUrl);

        await page.ClickAsync("a[href*='/Contacts/Contacts/Edit/']");
        await page.FillAsync("#LastName", "کاظمی‌نژاد");
        await page.ClickAsync("button[type=submit].btn-primary");
        await page.ArriveAtAsync(detailsUrl);
        (await page.InnerTextAsync("h1")).ShouldContain("کاظمی\u200Cنژاد");
        await RunningApp.Shot(page, "contact-details-fa-phone");

        await page.GotoAsync(app.BaseUrl + "/Contacts/Contacts/Create");
        await page.FillAsync("#FirstName", "Zahra");
        await page.FillAsync("#LastName", "Kazemi");
        await page.FillAsync("input[name='Phones[0].Number']", "0098" + mobile[1..]);
        await page.ClickAsync("button[type=submit].btn-primary");
        await page.WaitForSelectorAsync("#duplicates");
        (await page.InnerTextAsync("#duplicates")).ShouldContain("زهرا کاظمی\u200Cنژاد");
        await RunningApp.Shot(page, "contact-duplicate-warning-fa-phone");

        await page.ClickAsync("#IgnoreDuplicates");
        await page.ClickAsync("button[type=submit].btn-primary");
        await page.ArriveAtAsync("**/Contacts/Contacts/Details/**");
        await page.ClickAsync("a[href*='/Contacts/Contacts/Merge/']");
        await page.ArriveAtAsync("**/Contacts/Contacts/Merge/**");
        await RunningApp.Shot(page, "contact-merge-fa-phone");
        await page.GotoAsync(app.BaseUrl + "/Contacts/Organizations/Create");
        await page.FillAsync("#Name", "بازرگانی نمونه");
        await page.FillAsync("#NationalId", "123");
        await page.ClickAsync("button[type=submit].btn-primary");
        (await page.InnerTextAsync("body")).ShouldContain("شناسهٔ ملی معتبر نیست");
        await RunningApp.Shot(page, "organization-invalid-fa-phone");

        await page.GotoAsync(app.BaseUrl + "/Contacts/Contacts?culture=en-US&ui-culture=en-US");
        await page.SetViewportSizeAsync(1280, 800);
        (await page.GetAttributeAsync("html", "dir")).ShouldBe("ltr");
        await RunningApp.Shot(page, "contacts-list-en");
        await RunningApp.OpenAndShotAsync(page, detailsUrl + "?culture=en-US&ui-culture=en-US", "contact-details-en");
        await RunningApp.OpenAndShotAsync(page, app.BaseUrl + "/Contacts/Organizations?culture=en-US&ui-culture=en-US", "organizations-list-en");
    }
}
