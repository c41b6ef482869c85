using Microsoft.Playwright;

namespace Crm.BrowserTests;

/// <summary>
/// The screens a salesperson uses on the road, at a phone's 390 px in both languages, on the demo company: none may
/// spill sideways, and each is kept as a screenshot to look at.
/// </summary>
public sealed class PhoneScreensBrowserTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static async Task NoSidewaysScrollAsync(IPage page) =>
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390, page.Url);

    [Fact]
    public async Task Home_quote_with_a_price_book_date_picker_and_board_fit_a_phone_in_both_languages()
    {
        // A product with a price book price, set up on a desktop.
        var desk = await app.SignedInPageAsync(1400, 900, phone: false);
        var code = "PH-" + Random.Shared.Next(10000, 99999);
        var book = await app.NewPriceBookProductAsync(desk, code, "کارتخوان سیار");

        var phone = await app.SignedInPageAsync(390, 844, phone: true);
        foreach (var (culture, suffix) in new[] { ("fa-IR", "fa"), ("en-US", "en") })
        {
            var query = $"culture={culture}&ui-culture={culture}";

            await phone.GotoAsync(app.BaseUrl + "/?" + query);
            await phone.WaitForSelectorAsync("#dashboard");
            await phone.WaitForFunctionAsync("() => [...document.querySelectorAll('canvas[data-chart]')].every(c => window.Chart && !!Chart.getChart(c))");
            await NoSidewaysScrollAsync(phone);
            await RunningApp.Shot(phone, $"home-kpis-phone-{suffix}");

            await phone.GotoAsync(app.BaseUrl + "/Invoicing/Quotes/Create?" + query);
            await phone.SelectOptionAsync("#PriceBookId", new SelectOptionValue { Label = book });
            var line = phone.Locator("#doc-lines tr[data-line]").First;
            await line.Locator("[data-field=code]").FillAsync(code);
            await line.Locator("[data-field=code]").PressAsync("Tab");
            (await line.Locator("[data-field=price]").InputValueAsync()).ShouldBe("80000000");
            await line.Locator("[data-field=total]").ScrollIntoViewIfNeededAsync();
            (await line.Locator("[data-field=total]").InnerTextAsync()).ShouldNotBeNullOrWhiteSpace();
            await NoSidewaysScrollAsync(phone);
            await RunningApp.Shot(phone, $"quote-price-book-phone-{suffix}");

            await phone.ClickAsync("#ValidUntil");
            if (suffix == "fa")
            {
                await phone.WaitForSelectorAsync("jdp-container .jdp-day.selected", new() { State = WaitForSelectorState.Visible });
            }

            await RunningApp.Shot(phone, $"date-picker-filled-phone-{suffix}");
            await phone.Keyboard.PressAsync("Escape");

            await phone.GotoAsync(app.BaseUrl + "/Sales/Board?" + query);
            await phone.Locator(".deal-card").First.WaitForAsync();
            await NoSidewaysScrollAsync(phone);
            await RunningApp.Shot(phone, $"board-phone-{suffix}");
        }
    }
}
