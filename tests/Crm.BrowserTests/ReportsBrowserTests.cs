using Microsoft.Playwright;

namespace Crm.BrowserTests;

/// <summary>The app with the demo company in it, so dashboards and reports have figures to draw.</summary>
public sealed class DemoApp : RunningApp
{
    protected override bool SeedDemo => true;
}

public sealed class ReportsBrowserTests(DemoApp app) : IClassFixture<DemoApp>
{
    private const string EveryChartDrawn = "() => [...document.querySelectorAll('canvas[data-chart]')].every(c => window.Chart && !!Chart.getChart(c))";

    /// <summary>Waits until the page's charts are drawn; a page that should draw charts and has none fails.</summary>
    private static async Task ChartsDrawnAsync(IPage page, int atLeast)
    {
        (await page.Locator("canvas[data-chart]").CountAsync()).ShouldBeGreaterThanOrEqualTo(atLeast, $"charts on {page.Url}");
        await page.WaitForFunctionAsync(EveryChartDrawn);
    }

    [Fact]
    public async Task Every_role_gets_its_dashboard_in_both_languages()
    {
        app.DemoPassword.ShouldNotBeNull();
        foreach (var (user, password, role) in new[] { ("admin", RunningApp.AdminPassword, "admin"), ("sara.ahmadi", app.DemoPassword, "manager"), ("reza.karimi", app.DemoPassword, "rep") })
        {
            var page = await app.SignedInPageAsync(1280, 900, phone: false, user, password);
            foreach (var (culture, suffix) in new[] { ("fa-IR", "fa"), ("en-US", "en") })
            {
                await page.GotoAsync(app.BaseUrl + $"/?culture={culture}&ui-culture={culture}");
                await page.WaitForSelectorAsync("#dashboard");
                await ChartsDrawnAsync(page, role == "rep" ? 1 : 2); // my pipeline; or the funnel and the forecast
                var text = await page.InnerTextAsync("#dashboard");
                switch (role)
                {
                    case "rep":
                        text.ShouldContain(suffix == "fa" ? "کارهای امروز من" : "My tasks today");
                        text.ShouldContain(suffix == "fa" ? "هدف این ماه من" : "My target this month");
                        break;
                    case "manager":
                        text.ShouldContain(suffix == "fa" ? "ارزش وزن‌دار" : "Weighted pipeline");
                        (await page.Locator("#chart-deal-funnel").CountAsync()).ShouldBe(1);
                        break;
                    default:
                        text.ShouldContain(suffix == "fa" ? "کاربران فعال" : "Active users");
                        text.ShouldContain(suffix == "fa" ? "صف پیام‌ها" : "Messages outbox");
                        break;
                }

                await RunningApp.Shot(page, $"dashboard-{role}-{suffix}");
            }
        }
    }

    [Fact]
    public async Task Each_report_draws_its_charts_right_to_left_in_persian_and_leads_to_its_records()
    {
        var page = await app.SignedInPageAsync(1366, 900, phone: false);
        foreach (var (culture, suffix) in new[] { ("fa-IR", "fa"), ("en-US", "en") })
        {
            (await page.GotoAsync(app.BaseUrl + $"/Reports/Reports?culture={culture}&ui-culture={culture}"))!.Status.ShouldBe(200);
            (await page.Locator("#report-list a.report-link").CountAsync()).ShouldBe(9);
            await RunningApp.Shot(page, $"reports-index-{suffix}");
            // Each report with the charts it draws from the demo company's figures.
            // The demo company has no tickets: the service report draws its backlog and ratings, and no empty day chart.
            foreach (var (report, charts) in new[] { ("Funnel", 2), ("Pipeline", 2), ("Team", 1), ("Losses", 2), ("Marketing", 1), ("Customers", 2), ("Rfm", 1), ("Service", 2) })
            {
                var response = await page.GotoAsync(app.BaseUrl + $"/Reports/Reports/{report}?period=year&culture={culture}&ui-culture={culture}");
                response!.Status.ShouldBe(200);
                (await page.GetAttributeAsync("html", "dir")).ShouldBe(suffix == "fa" ? "rtl" : "ltr");
                await ChartsDrawnAsync(page, charts);
                (await page.Locator("canvas[data-chart]").CountAsync()).ShouldBe(charts, report);
                await RunningApp.Shot(page, $"report-{report.ToLowerInvariant()}-{suffix}");
            }
        }

        // Persian: the funnel's bars grow from the right, and its legend and tooltips read right to left.
        await page.GotoAsync(app.BaseUrl + "/Reports/Reports/Funnel?period=year&culture=fa-IR&ui-culture=fa-IR");
        await ChartsDrawnAsync(page, 2);
        (await page.EvaluateAsync<bool>("() => Chart.getChart(document.querySelector('#chart-deal-funnel')).options.scales.x.reverse")).ShouldBeTrue();
        (await page.EvaluateAsync<bool>("() => Chart.getChart(document.querySelector('#chart-deal-funnel')).options.plugins.tooltip.rtl")).ShouldBeTrue();

        // The first stage's figure opens the deals behind it.
        var reached = await page.Locator(".report-table").First.Locator("tbody tr").First.Locator("td").Nth(1).InnerTextAsync();
        await page.Locator(".report-table").First.Locator("tbody tr").First.Locator("a").First.ClickAsync();
        await page.ArriveAtAsync("**/Reports/Reports/Deals**");
        var rows = await page.Locator(".report-table tbody tr a[href*='/Sales/Opportunities/Details/']").CountAsync();
        rows.ShouldBe(int.Parse(new string([.. reached.Trim().Select(c => c is >= '۰' and <= '۹' ? (char)('0' + (c - '۰')) : c)]), System.Globalization.CultureInfo.InvariantCulture));
        await RunningApp.Shot(page, "report-deals-fa");

        var phone = await app.SignedInPageAsync(390, 844, phone: true);
        await phone.GotoAsync(app.BaseUrl + "/Reports/Reports/Pipeline?period=year");
        await ChartsDrawnAsync(phone, 2);
        await RunningApp.Shot(phone, "report-pipeline-phone-fa");
    }
}
