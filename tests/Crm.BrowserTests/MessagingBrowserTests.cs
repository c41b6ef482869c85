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
        await page.WaitForURLAsync("**/Messaging/Templates");
        (await page.InnerTextAsync("main")).ShouldContain(key);
        await RunningApp.Shot(page, "templates-fa");

        await page.GotoAsync(app.BaseUrl + "/Messaging/Templates/Create?culture=en-US&ui-culture=en-US");
        await page.SelectOptionAsync("#Channel", "Email");
        await page.FillAsync("#Subject", "Invoice {{Invoice.Number}}");
        await page.FillAsync("#Body", "<p>Dear {{Contact.FirstName}},</p><p>{{Invoice.AmountDue}} rials are due on {{Invoice.DueDate}}.</p>");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-preview=subject]').textContent.includes('INV-1405')");
        await page.FrameLocator("#preview iframe").Locator("text=Dear Maryam").WaitForAsync();
        await RunningApp.Shot(page, "template-edit-en");
        await page.GotoAsync(app.BaseUrl + "/Messaging/Outbox");
        await RunningApp.Shot(page, "outbox-fa");
    }
}
