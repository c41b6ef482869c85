using Microsoft.AspNetCore.DataProtection;
using Microsoft.Playwright;

namespace Crm.BrowserTests;

/// <summary>An administrator writes an SMS template: the preview fills it from a sample customer and counts its parts as they type.</summary>
public sealed class MessagingBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    [Fact]
    public async Task A_template_previews_as_one_types_refuses_an_unknown_placeholder_and_is_saved()
    {
        var page = await app.SignedInPageAsync(1280, 900, phone: false);
        await page.GotoAsync(app.BaseUrl + "/Messaging/Templates/Create");
        var key = "reminder." + Guid.NewGuid().ToString("N")[..6];
        await page.FillAsync("#Name", "یادآوری قسط");
        await page.FillAsync("#Key", key);
        await page.FillAsync("#Body", "{{Contact.FirstName}} عزیز، {{Invoice.AmountDue}} ریال تا {{Invoice.DueDate}} مانده است. {{Invoice.Totl}}");
        await page.WaitForSelectorAsync("[data-preview=problems]:not(.d-none)");
        (await page.InnerTextAsync("[data-preview=problems]")).ShouldContain("{{Invoice.Totl}}");

        await page.FillAsync("#Body", "{{Contact.FirstName}} عزیز، {{Invoice.AmountDue}} ریال تا {{Invoice.DueDate}} مانده است.");
        await page.WaitForSelectorAsync("[data-preview=problems].d-none", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await page.WaitForFunctionAsync("() => document.querySelector('[data-preview=text]').textContent.includes('مریم')");
        (await page.InnerTextAsync("[data-preview=text]")).ShouldBe("مریم عزیز، ۶۲٬۵۰۰٬۰۰۰ ریال تا ۱۴۰۵/۰۹/۳۰ مانده است.");
        (await page.InnerTextAsync("[data-preview=parts]")).ShouldBe("۵۱ / ۱");
        await RunningApp.Shot(page, "template-edit-fa");

        await page.ClickAsync("form[data-preview-url] button[type=submit]");
        await page.ArriveAtAsync("**/Messaging/Templates");
        (await page.InnerTextAsync("main")).ShouldContain(key);
        await RunningApp.Shot(page, "templates-fa");

        await page.GotoAsync(app.BaseUrl + "/Messaging/Templates/Create?culture=en-US&ui-culture=en-US");
        await page.SelectOptionAsync("#Channel", "Email");
        await page.FillAsync("#Subject", "Invoice {{Invoice.Number}}");
        await page.FillAsync("#Body", "<p>Dear {{Contact.FirstName}},</p><p>{{Invoice.AmountDue}} rials are due on {{Invoice.DueDate}}.</p>");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-preview=subject]').textContent.includes('INV-1405')");
        await page.FrameLocator("#preview iframe").Locator("text=Dear Maryam").WaitForAsync();
        await RunningApp.Shot(page, "template-edit-en");
        await RunningApp.OpenAndShotAsync(page, app.BaseUrl + "/Messaging/Outbox", "outbox-fa");
    }

    [Fact]
    public async Task The_unsubscribe_link_asks_then_confirms_in_both_languages_without_signing_in()
    {
        // A link as a marketing email carries it: the channel and address protected with the app's own keys.
        var protector = app.AppProtector("Crm.Messaging.Unsubscribe.v1");
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var page = await context.NewPageAsync();
        foreach (var (culture, address, done) in new[] { ("fa-IR", "sara@customer.example", "انجام شد"), ("en-US", "john@customer.example", "Done") })
        {
            var token = Uri.EscapeDataString(protector.Protect("0|" + address));
            await page.GotoAsync($"{app.BaseUrl}/Messaging/Unsubscribe?t={token}&culture={culture}&ui-culture={culture}");
            (await page.InnerTextAsync("main")).ShouldContain(address[0] + "•••");
            (await page.InnerTextAsync("main")).ShouldNotContain(address);
            await RunningApp.Shot(page, $"unsubscribe-{culture[..2]}-phone");
            await page.ClickAsync("button[type=submit]");
            await page.WaitForSelectorAsync(".alert-success");
            (await page.InnerTextAsync(".alert-success")).ShouldContain(done);
            await RunningApp.Shot(page, $"unsubscribe-done-{culture[..2]}-phone");
        }

        await page.GotoAsync($"{app.BaseUrl}/Messaging/Unsubscribe?t=forged&culture=fa-IR&ui-culture=fa-IR");
        await page.WaitForSelectorAsync(".alert-warning");
        await RunningApp.Shot(page, "unsubscribe-invalid-fa-phone");
    }
}
