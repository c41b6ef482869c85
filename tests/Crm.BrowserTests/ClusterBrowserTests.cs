using Crm.IntegrationTests;
using Microsoft.Playwright;

namespace Crm.BrowserTests;

/// <summary>Two app processes on one PostgreSQL database behind nginx (round robin, no sticky sessions), and Chromium.</summary>
public sealed class ProxiedCluster : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public AppCluster Cluster { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await AppCluster.StartAsync(2, proxy: true);
        _playwright = await Playwright.CreateAsync();
        Browser = await RunningApp.LaunchChromiumAsync(_playwright);
        Directory.CreateDirectory(RunningApp.ScreenshotFolder);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Cluster.DisposeAsync();
    }

    public async Task<IPage> SignedInPageAsync(string userName, string password, string culture)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{Cluster.Url}/?culture={culture}&ui-culture={culture}");
        await page.FillAsync("#UserName", userName);
        await page.FillAsync("#Password", password);
        await page.ClickAsync("#sign-in");
        await page.WaitForSelectorAsync("#welcome");
        return page;
    }
}

/// <summary>
/// A day's work through the proxy, each request going to whichever instance nginx picks: pages, forms (an anti-forgery
/// token made by one instance and checked by the other), an import uploaded, run and reported, and a role changed by
/// the administrator that the user meets on their next request.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class ClusterBrowserTests(ProxiedCluster proxied) : IClassFixture<ProxiedCluster>
{
    private AppCluster Cluster => proxied.Cluster;

    [Fact]
    public async Task Sign_in_pages_forms_an_import_and_a_role_change_work_across_two_instances_behind_nginx()
    {
        var admin = await proxied.SignedInPageAsync("admin", AppCluster.AdminPassword, "en-US");
        foreach (var path in new[] { "/", "/Leads/Leads", "/Contacts/Contacts", "/Sales/Board", "/Reports/Reports/Funnel", "/Identity/Users", "/Activities/MyDay" })
        {
            var response = await admin.GotoAsync(Cluster.Url + path);
            response!.Status.ShouldBe(200, path);
        }

        // Forms: a user, then a contact; each page and its post are served by whichever instance comes next.
        var manager = "mgr" + Random.Shared.Next(10000, 99999);
        const string managerPassword = "Cluster-Manager-42";
        await RunningApp.NewUserAsync(admin, Cluster.Url, "Maryam Cluster", manager, managerPassword, "SalesManager");
        (await admin.InnerTextAsync("main")).ShouldContain(manager);
        for (var i = 0; i < 4; i++)
        {
            await admin.GotoAsync(Cluster.Url + "/Contacts/Contacts/Create");
            await admin.FillAsync("#FirstName", "Cluster");
            await admin.FillAsync("#LastName", "Customer " + i);
            await admin.FillAsync("input[name='Phones[0].Number']", "0912" + Random.Shared.Next(1000000, 9999999));
            await admin.ClickAsync("button[type=submit].btn-primary");
            await admin.ArriveAtAsync("**/Contacts/Contacts/Details/**");
        }

        // An import: the file lands in the shared store, the run is picked up by either instance, the report downloads.
        await admin.GotoAsync(Cluster.Url + "/Imports/New?target=leads");
        await admin.SetInputFilesAsync("#file", Path.Combine(AppCluster.RepositoryRoot, "tests", "Crm.IntegrationTests", "Fixtures", "leads-import.xlsx"));
        await admin.ClickAsync("#upload button[type=submit]");
        await admin.ArriveAtAsync("**/Imports/Map/**");
        (await admin.InnerTextAsync("#mapping")).ShouldContain("شرکت آلفا");
        await admin.ClickAsync("#start-import");
        await admin.ArriveAtAsync("**/Imports/Progress/**");
        await admin.WaitForSelectorAsync("#issues-download", new PageWaitForSelectorOptions { Timeout = 90_000 });
        await RunningApp.Shot(admin, "cluster-import-report-fa");
        var download = await admin.RunAndWaitForDownloadAsync(() => admin.ClickAsync("#issues-download"));
        var report = await File.ReadAllBytesAsync((await download.PathAsync())!);
        report.Length.ShouldBeGreaterThan(100);
        report[..2].ShouldBe("PK"u8.ToArray(), "the report is an .xlsx");

        // The manager works; the administrator makes them a sales rep; their next request finds the change.
        var user = await proxied.SignedInPageAsync(manager, managerPassword, "fa-IR");
        (await user.GotoAsync(Cluster.Url + "/Reports/Reports/Team"))!.Status.ShouldBe(200);
        await admin.GotoAsync(Cluster.Url + "/Identity/Users?q=" + manager);
        await admin.ClickAsync($"a[href*='/Identity/Users/Edit/']");
        await admin.UncheckAsync("#role-SalesManager");
        await admin.CheckAsync("#role-SalesRep");
        await admin.ClickAsync("main button[type=submit].btn-primary");
        await admin.ArriveAtAsync("**/Identity/Users**");
        await user.GotoAsync(Cluster.Url + "/Reports/Reports/Team");
        user.Url.ShouldContain("/Identity/Account/SignIn");

        // Both instances served pages and posts.
        foreach (var instance in Cluster.Instances)
        {
            var log = AppCluster.LogOf(instance);
            log.ShouldContain("HTTP GET", customMessage: instance.Name + " served no page");
            log.ShouldContain("HTTP POST", customMessage: instance.Name + " took no form");
        }
    }
}
