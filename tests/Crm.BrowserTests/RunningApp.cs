using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Crm.BrowserTests;

/// <summary>
/// The built app on a real loopback port with a fresh SQLite database, and Debian's Chromium driven by Playwright
/// (no browser download). Screenshots go to artifacts/screenshots at the repository root.
/// </summary>
public class RunningApp : IAsyncLifetime
{
    public const string AdminPassword = "browser-Admin-7q";

    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "crm-browser", Guid.NewGuid().ToString("N"));
    private Process? _server;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Start with the demo company (<c>--seed-demo</c>); its users' password is then <see cref="DemoPassword"/>.</summary>
    protected virtual bool SeedDemo => false;

    /// <summary>The demo users' shared password, read from what the app prints when it seeds them.</summary>
    public string? DemoPassword { get; private set; }

    /// <summary>The app's data folder (SQLite file, logs, development mail).</summary>
    public string DataFolder => _dataFolder;

    /// <summary>
    /// A protector with the app's own key ring, which lives in its database: the keys are copied into a folder the
    /// test's own data protection reads, so what it protects the app unprotects.
    /// </summary>
    public IDataProtector AppProtector(string purpose)
    {
        var keys = Directory.CreateTempSubdirectory("crm-keys-");
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_dataFolder, "crm.db")};Mode=ReadOnly;Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT \"Id\", \"Xml\" FROM \"DataProtectionKeys\"";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                File.WriteAllText(Path.Combine(keys.FullName, $"key-{reader.GetInt32(0)}.xml"), reader.GetString(1));
            }
        }

        return DataProtectionProvider.Create(keys, b => b.SetApplicationName("Crm")).CreateProtector(purpose);
    }

    public IBrowser Browser { get; private set; } = null!;

    public static string RepositoryRoot => Crm.IntegrationTests.AppCluster.RepositoryRoot;

    public static string ScreenshotFolder => Path.Combine(RepositoryRoot, "artifacts", "screenshots");

    /// <summary>Adds a user of one role through the users page, as an administrator would.</summary>
    public static async Task NewUserAsync(IPage page, string baseUrl, string displayName, string userName, string password, string role)
    {
        await page.GotoAsync(baseUrl + "/Identity/Users/Create");
        await page.FillAsync("#DisplayName", displayName);
        await page.FillAsync("#UserName", userName);
        await page.FillAsync("#Email", userName + "@company.example");
        await page.FillAsync("#Password", password);
        await page.CheckAsync("#role-" + role);
        await page.ClickAsync("main button[type=submit].btn-primary");
        await page.ArriveAtAsync("**/Identity/Users**");
    }

    /// <summary>Adds a contact through its form, as a user would; returns the contact page's address.</summary>
    public async Task<string> NewContactAsync(IPage page, string firstName, string lastName, string? email = null, string culture = "")
    {
        await page.GotoAsync(BaseUrl + "/Contacts/Contacts/Create" + (culture == "" ? "" : $"?culture={culture}&ui-culture={culture}"));
        await page.FillAsync("#FirstName", firstName);
        await page.FillAsync("#LastName", lastName);
        await page.FillAsync("input[name='Phones[0].Number']", "0912" + Random.Shared.Next(1000000, 9999999));
        if (email is not null)
        {
            await page.FillAsync("input[name='Emails[0].Address']", email);
        }

        await page.ClickAsync("button[type=submit].btn-primary");
        await page.ArriveAtAsync("**/Contacts/Contacts/Details/**");
        return page.Url;
    }

    /// <summary>
    /// Adds a product at 100,000,000 rials through its form and a new price book that sells it at 80,000,000, as an
    /// administrator would; returns the book's name.
    /// </summary>
    public async Task<string> NewPriceBookProductAsync(IPage page, string code, string name)
    {
        await page.GotoAsync(BaseUrl + "/Sales/Products/Create?culture=fa-IR&ui-culture=fa-IR");
        await page.FillAsync("#Code", code);
        await page.FillAsync("#Name", name);
        await page.FillAsync("#BasePrice", "100000000");
        await page.ClickAsync("form button.btn-primary");
        await page.ArriveAtAsync("**/Sales/Products");

        var book = "ویژه " + Random.Shared.Next(1000, 9999);
        await page.GotoAsync(BaseUrl + "/Sales/Products/PriceBook");
        await page.FillAsync("#Name", book);
        await page.Locator("tr", new() { HasText = code }).Locator("input[name$='.Price']").FillAsync("80000000");
        await page.ClickAsync("form button.btn-primary");
        await page.ArriveAtAsync("**/Sales/Products**");
        return book;
    }

    /// <summary>
    /// Opens a page and takes its screenshot once it has answered 200 and shows its heading: a screenshot of an error
    /// page or an empty one checks nothing.
    /// </summary>
    public static async Task OpenAndShotAsync(IPage page, string url, string name)
    {
        var response = await page.GotoAsync(url);
        response.ShouldNotBeNull();
        response.Status.ShouldBe(200, url);
        (await page.Locator("h1").First.InnerTextAsync()).Trim().ShouldNotBeEmpty(url);
        await Shot(page, name);
    }

    /// <summary>A full-page screenshot into <see cref="ScreenshotFolder"/>, to be looked at.</summary>
    public static Task Shot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    /// <summary>A new browser page of the given size (a touch phone when <paramref name="phone"/>), signed in as the administrator.</summary>
    public Task<IPage> SignedInPageAsync(int width, int height, bool phone) => SignedInPageAsync(width, height, phone, "admin", AdminPassword);

    /// <summary>A new browser page of the given size, signed in as the given user.</summary>
    public async Task<IPage> SignedInPageAsync(int width, int height, bool phone, string userName, string password)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, IsMobile = phone, HasTouch = phone });
        var page = await context.NewPageAsync();
        await page.GotoAsync(BaseUrl + "/");
        await page.FillAsync("#UserName", userName);
        await page.FillAsync("#Password", password);
        await page.ClickAsync("#sign-in");
        await page.WaitForSelectorAsync("#welcome");
        return page;
    }

    public async Task InitializeAsync()
    {
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var webFolder = Path.Combine(RepositoryRoot, "src", "Crm.Web");
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(webFolder, "bin", configuration, "net10.0", "Crm.Web.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", BaseUrl, "--contentRoot", webFolder])
        {
            WorkingDirectory = webFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DataFolder"] = _dataFolder;
        start.Environment["Admin__Password"] = AdminPassword;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["PublicUrl"] = BaseUrl;
        start.Environment["SeedDemo"] = SeedDemo ? "true" : "false";
        _server = Process.Start(start)!;
        _server.OutputDataReceived += (_, line) =>
        {
            const string marker = "password for all: ";
            if (line.Data?.IndexOf(marker, StringComparison.Ordinal) is >= 0 and var at)
            {
                DemoPassword = line.Data[(at + marker.Length)..].Trim();
            }
        };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(BaseUrl + "/health/ready")).IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_server.HasExited)
            {
            }

            if (DateTime.UtcNow > deadline || _server.HasExited)
            {
                throw new InvalidOperationException("The app did not become ready.");
            }

            await Task.Delay(250);
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }

        _server?.Dispose();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Debian's Chromium (or CRM_CHROMIUM), headless, without Playwright's browser download.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CRM_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
