using Microsoft.Playwright;

namespace Crm.BrowserTests;

/// <summary>
/// From lead to closed deal: convert a lead, drag the new deal two stages forward on the board, drop it on Lost with a
/// reason, reopen it, and read it all in the stage history. The board in both languages and on a phone.
/// </summary>
public sealed class SalesBrowserTests(RunningApp app) : IClassFixture<RunningApp>
{
    [Fact]
    public async Task Convert_a_lead_then_move_lose_and_reopen_the_deal_and_the_history_shows_it_all()
    {
        var page = await app.SignedInPageAsync(1400, 900, phone: false);
        var company = "صنایع غذایی البرز " + Random.Shared.Next(1000, 9999);
        await page.GotoAsync(app.BaseUrl + "/Leads/Leads/Create");
        await page.FillAsync("#FirstName", "پریسا");
        await page.FillAsync("#LastName", "نادری");
        await page.FillAsync("#Mobile", "0935" + Random.Shared.Next(1000000, 9999999));
        await page.FillAsync("#Company", company);
        await page.ClickAsync("button[type=submit].btn-primary");
        await page.ArriveAtAsync("**/Leads/Leads/Details/**");
        var leadUrl = page.Url;

        await page.ClickAsync("#convert-lead");
        await page.ArriveAtAsync("**/Sales/Conversion/Convert/**");
        (await page.IsCheckedAsync("#org-new")).ShouldBeTrue();
        await page.FillAsync("#DealName", "خط تولید بسته‌بندی");
        await page.FillAsync("#DealAmount", "۲۵۰۰۰۰۰۰۰۰");
        await RunningApp.Shot(page, "lead-conversion-fa");
        await page.ClickAsync("#convert-submit");
        await page.ArriveAtAsync("**/Sales/Opportunities/Details/**");
        var dealUrl = page.Url;
        var dealId = dealUrl.Split('/').Last();
        (await page.InnerTextAsync("#deal-amount")).ShouldContain("۲٬۵۰۰٬۰۰۰٬۰۰۰");

        // The lead stays, read-only, pointing at what it became.
        await page.GotoAsync(leadUrl);
        (await page.InnerTextAsync("#converted-into")).ShouldContain(company);
        (await page.Locator("#convert-lead").CountAsync()).ShouldBe(0);
        (await page.Locator("#timeline").CountAsync()).ShouldBe(0);
        await RunningApp.Shot(page, "lead-converted-fa");
        await page.ClickAsync("#converted-into a[href*='/Contacts/Organizations/']");
        (await page.InnerTextAsync("#customer-opportunities")).ShouldContain("خط تولید بسته\u200Cبندی");
        await RunningApp.Shot(page, "organization-deals-fa");

        await page.GotoAsync(app.BaseUrl + "/Sales/Board");
        var card = page.Locator($".deal-card[data-id='{dealId}']");
        await card.WaitForAsync();
        var columns = page.Locator(".board-column");
        var stageNames = await columns.Locator("h2").AllInnerTextsAsync();
        var third = columns.Nth(2);
        await card.DragToAsync(third.Locator(".board-cards"));
        await third.Locator($".deal-card[data-id='{dealId}']").WaitForAsync();
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.board-column')[2].querySelector('[data-total=count]').textContent.trim() !== '۰'");
        await RunningApp.Shot(page, "board-fa");

        // After the drag, the card's menu offers the stage it came from and not the one it is in.
        var offered = await card.EvaluateAsync<string[]>("c => [...c.querySelectorAll('[data-move-to]')].filter(b => !b.parentElement.hidden).map(b => b.textContent.trim())");
        offered.ShouldNotContain(stageNames[2]);
        offered.ShouldContain(stageNames[0]);

        // Won and Lost are as wide as the other columns; the whole name shows, and amount and date sit apart on one line each.
        var widths = await columns.EvaluateAllAsync<double[]>("cs => cs.map(c => c.getBoundingClientRect().width)");
        widths.Max().ShouldBeLessThan(widths.Min() + 2);
        var layout = await card.EvaluateAsync<double[]>(@"c => { const n = c.querySelector('.deal-name'), a = c.querySelector('.deal-amount').getBoundingClientRect(),
            d = c.querySelector('.deal-close')?.getBoundingClientRect(); return [n.scrollHeight - n.clientHeight, a.height, d ? d.height : a.height,
            d ? Math.max(0, Math.min(a.right, d.right) - Math.max(a.left, d.left)) * (a.top === d.top ? 1 : 0) : 0]; }");
        layout[0].ShouldBeLessThanOrEqualTo(1);
        layout[2].ShouldBeLessThan(layout[1] * 1.5);
        layout[3].ShouldBe(0);

        // Dropped on Lost, it asks why; without a reason it does not go.
        var lost = page.Locator(".board-column[data-kind='Lost']");
        await card.DragToAsync(lost.Locator(".board-cards"));
        await page.Locator("#lost-dialog.show").WaitForAsync();
        await page.ClickAsync("#lost-confirm");
        (await page.GetAttributeAsync("#lost-reason", "class"))!.ShouldContain("is-invalid");
        await page.SelectOptionAsync("#lost-reason", new SelectOptionValue { Index = 1 });
        var reason = (await page.Locator("#lost-reason option").Nth(1).InnerTextAsync()).Trim();
        await page.FillAsync("#lost-note", "قیمت رقیب ۱۰٪ کمتر بود");
        await page.ClickAsync("#lost-confirm");
        await lost.Locator($".deal-card[data-id='{dealId}']").WaitForAsync();

        await page.GotoAsync(dealUrl);
        (await page.InnerTextAsync("#deal-loss-reason")).ShouldContain(reason);
        await page.ClickAsync("#reopen");
        await page.ArriveAtAsync(dealUrl);
        (await page.Locator("#reopen").CountAsync()).ShouldBe(0);

        var history = page.Locator("#stage-history .history-row");
        (await history.CountAsync()).ShouldBe(4);
        (await history.Nth(0).InnerTextAsync()).ShouldContain(stageNames[0]);
        (await history.Nth(1).InnerTextAsync()).ShouldContain(stageNames[2]);
        (await history.Nth(2).InnerTextAsync()).ShouldContain(stageNames[^1]);
        (await history.Nth(3).InnerTextAsync()).ShouldContain("بازگشایی");
        var timeline = await page.InnerTextAsync("#timeline");
        timeline.ShouldContain(reason);
        await RunningApp.Shot(page, "opportunity-fa");

        await page.GotoAsync(dealUrl + "?culture=en-US&ui-culture=en-US");
        (await page.InnerTextAsync("#stage-history")).ShouldContain("reopened");
        await RunningApp.Shot(page, "opportunity-en");
        await page.GotoAsync(app.BaseUrl + "/Sales/Board?culture=en-US&ui-culture=en-US");
        await page.Locator(".deal-card").First.WaitForAsync();
        await RunningApp.Shot(page, "board-en");

        var phone = await app.SignedInPageAsync(390, 844, phone: true);
        await phone.GotoAsync(app.BaseUrl + "/Sales/Board");
        // On a phone one column fills the screen; the others load their cards when scrolled to.
        (await phone.Locator(".board-column").Nth(2).Locator(".deal-card").CountAsync()).ShouldBe(0);
        await phone.Locator(".board-column").Nth(2).ScrollIntoViewIfNeededAsync();
        await phone.Locator($".deal-card[data-id='{dealId}']").WaitForAsync();
        await RunningApp.Shot(phone, "board-phone-fa");
    }

    [Fact]
    public async Task The_sales_pages_read_right_to_left_in_Persian_and_left_to_right_in_English()
    {
        var page = await app.SignedInPageAsync(1280, 900, phone: false);
        await page.GotoAsync(app.BaseUrl + "/Sales/Products/Create");
        await page.FillAsync("#Code", "SRV-" + Random.Shared.Next(1000, 9999));
        await page.FillAsync("#Name", "پشتیبانی سالانه");
        await page.FillAsync("#EnglishName", "Annual support");
        await page.FillAsync("#BasePrice", "۴۸۰۰۰۰۰۰");
        await page.CheckAsync("#IsService");
        await page.ClickAsync("form button.btn-primary");
        await page.ArriveAtAsync("**/Sales/Products");
        (await page.InnerTextAsync("main")).ShouldContain("پشتیبانی سالانه");

        foreach (var (culture, suffix) in new[] { ("fa-IR", "fa"), ("en-US", "en") })
        {
            var query = $"?culture={culture}&ui-culture={culture}";
            foreach (var (path, name) in new[]
            {
                ("/Sales/Opportunities", "opportunities"), ("/Sales/Opportunities/Create", "opportunity-form"), ("/Sales/Processes", "processes"),
                ("/Sales/Products", "products"), ("/Sales/Targets", "targets"),
            })
            {
                var response = await page.GotoAsync(app.BaseUrl + path + query);
                response!.Status.ShouldBe(200);
                (await page.GetAttributeAsync("html", "dir")).ShouldBe(suffix == "fa" ? "rtl" : "ltr");
                await RunningApp.Shot(page, $"sales-{name}-{suffix}");
            }

            await page.GotoAsync(app.BaseUrl + "/Sales/Processes" + query);
            // The language comes from the address in these screenshots, so the form is opened with it too.
            await RunningApp.OpenAndShotAsync(page, app.BaseUrl + await page.Locator("a[href*='/Sales/Processes/Edit/']").First.GetAttributeAsync("href") + query, $"sales-process-form-{suffix}");
        }

        (await page.InputValueAsync("#stage-0-en")).ShouldBe("Qualification");

        foreach (var (culture, suffix) in new[] { ("fa-IR", "fa"), ("en-US", "en") })
        {
            var query = $"?culture={culture}&ui-culture={culture}";
            await RunningApp.OpenAndShotAsync(page, app.BaseUrl + "/Sales/Products/PriceBook" + query, $"sales-price-book-{suffix}");
            await page.GotoAsync(app.BaseUrl + "/Sales/Products" + query);
            await RunningApp.OpenAndShotAsync(page, app.BaseUrl + await page.Locator("a[href*='/Sales/Products/Edit/']").First.GetAttributeAsync("href") + query, $"sales-product-form-{suffix}");
        }

        // A deal form with bad input comes back with the messages and what was typed.
        await page.GotoAsync(app.BaseUrl + "/Sales/Opportunities/Create?culture=fa-IR&ui-culture=fa-IR");
        await page.FillAsync("#Name", "تمدید ۱۴۰۵");
        await page.FillAsync("#Amount", "دوازده");
        await page.ClickAsync("#save");
        await page.WaitForSelectorAsync(".field-validation-error, .text-danger:not(:empty)");
        (await page.InputValueAsync("#Name")).ShouldBe("تمدید ۱۴۰۵");
        (await page.InputValueAsync("#Amount")).ShouldBe("دوازده");
        await RunningApp.Shot(page, "sales-opportunity-errors-fa");
    }
}
