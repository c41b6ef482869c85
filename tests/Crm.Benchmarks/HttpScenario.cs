using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Crm.Benchmarks;

/// <summary>
/// Starts the built app on a seeded database and drives it over loopback. Each page is reported with its throughput,
/// p50 and p95, and as a ratio to the floor page (one table read, rendered through the same stack without the shell).
/// </summary>
public static partial class HttpScenario
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public static async Task RunAsync(BenchOptions options)
    {
        var requests = options.GetInt("requests", 2_000);
        var concurrency = options.GetInt("concurrency", 8);
        var dataFolder = Path.Combine(Path.GetTempPath(), "crm-bench", Guid.NewGuid().ToString("N"));
        var adminPassword = "bench-" + Guid.NewGuid().ToString("N")[..10];

        using var server = await StartAppAsync(dataFolder, adminPassword, migrateOnly: true);
        await Seeder.SeedAsync(dataFolder, options.GetInt("users", 1_000), options.GetInt("audit", 100_000));
        using var app = await StartAppAsync(dataFolder, adminPassword, migrateOnly: false);
        try
        {
            using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
            using var client = new HttpClient(handler) { BaseAddress = new Uri(app.Url) };
            await SignInAsync(client, adminPassword);

            string[] pages = ["/Diagnostics/Floor", "/", "/Identity/Users"];
            foreach (var page in pages)
            {
                for (var i = 0; i < 300; i++)
                {
                    (await client.GetAsync(page)).EnsureSuccessStatusCode(); // warm-up, so JIT tiering favours no page
                }
            }

            var floor = await MeasureAsync(client, "/Diagnostics/Floor", requests, concurrency);
            var home = await MeasureAsync(client, "/", requests, concurrency);
            var users = await MeasureAsync(client, "/Identity/Users", requests, concurrency);
            Console.WriteLine($"{"page",-18} {"req/s",8} {"p50 ms",8} {"p95 ms",8} {"p50 vs floor",13}");
            foreach (var (name, m) in new[] { ("floor", floor), ("home", home), ("users list", users) })
            {
                Console.WriteLine($"{name,-18} {m.Throughput,8:0} {m.P50,8:0.00} {m.P95,8:0.00} {m.P50 / floor.P50,12:0.00}x");
            }
        }
        finally
        {
            try
            {
                Directory.Delete(dataFolder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    internal sealed record Measurement(double Throughput, double P50, double P95);

    internal static async Task<Measurement> MeasureAsync(HttpClient client, string path, int requests, int concurrency)
    {
        var timings = new double[requests];
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
                timings[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        Array.Sort(timings);
        return new Measurement(requests / total.Elapsed.TotalSeconds, timings[requests / 2], timings[(int)(requests * 0.95)]);
    }

    /// <summary>
    /// Each page against the floor page (<paramref name="pages"/>[0]) in the same process, with its size and allocations.
    /// The machine's speed drifts over a run, so each page is measured in rounds alternating with the floor page, and the
    /// ratio is the median of the rounds' ratios: a slow minute slows both sides of a round alike.
    /// </summary>
    internal static async Task CompareToFloorAsync(HttpClient client, IReadOnlyList<string> pages, int requests)
    {
        const int rounds = 5;
        Console.WriteLine($"{"page",-44} {"req/s",8} {"p50 ms",8} {"p95 ms",8} {"vs floor req/s",15} {"KB",6} {"alloc KB/req",13}");
        foreach (var page in pages)
        {
            var measured = new List<(Measurement Page, double Ratio)>();
            for (var round = 0; round < rounds; round++)
            {
                var floor = await MeasureAsync(client, pages[0], requests / rounds, 8);
                var m = await MeasureAsync(client, page, requests / rounds, 8);
                measured.Add((m, m.Throughput / floor.Throughput));
            }

            var median = measured.OrderBy(r => r.Ratio).ElementAt(rounds / 2);
            var size = (await client.GetByteArrayAsync(page)).Length / 1024.0;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < 50; i++)
            {
                await client.GetByteArrayAsync(page);
            }

            var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 50 / 1024.0;
            Console.WriteLine($"{page[..Math.Min(44, page.Length)],-44} {median.Page.Throughput,8:0} {median.Page.P50,8:0.00} {median.Page.P95,8:0.00} {median.Ratio,14:0.00}x {size,6:0.0} {allocated,13:0}");
        }
    }

    /// <summary>
    /// With <c>CRM_BENCH_PROFILE=/path</c>, prints where that page spends its time (action, views, view components);
    /// with <c>CRM_BENCH_HOLD=N</c> it first keeps the page under load for N requests so a sampling profiler can attach.
    /// </summary>
    /// <param name="client">A signed-in client.</param>
    /// <param name="resolve">Fills in the scenario's placeholders, such as a seeded record's id.</param>
    internal static async Task ProfileIfAskedAsync(HttpClient client, Func<string, string>? resolve = null)
    {
        if (Environment.GetEnvironmentVariable("CRM_BENCH_PROFILE") is not { Length: > 0 } asked)
        {
            return;
        }

        var profiled = resolve?.Invoke(asked) ?? asked;
        if (Environment.GetEnvironmentVariable("CRM_BENCH_HOLD") is { Length: > 0 } hold)
        {
            Console.WriteLine($"holding {profiled} under load, pid {Environment.ProcessId}");
            await MeasureAsync(client, profiled, int.Parse(hold, System.Globalization.CultureInfo.InvariantCulture), 8);
        }

        var profile = new PageProfile();
        using (DiagnosticListener.AllListeners.Subscribe(profile))
        {
            for (var i = 0; i < 300; i++)
            {
                (await client.GetAsync(profiled)).EnsureSuccessStatusCode();
            }
        }

        Console.WriteLine($"where {profiled} spends its time:");
        profile.Print(300);
    }

    internal static Task SignInAsync(HttpClient client, string password) => SignInAsync(client, "admin", password);

    internal static async Task SignInAsync(HttpClient client, string userName, string password)
    {
        var page = await client.GetStringAsync("/Identity/Account/SignIn");
        var token = TokenPattern().Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName, ["Password"] = password, ["__RequestVerificationToken"] = token,
        });
        var response = await client.PostAsync("/Identity/Account/SignIn", form);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException("Sign-in failed.");
        }
    }

    private sealed class RunningApp(Process process, string url) : IDisposable
    {
        public string Url { get; } = url;

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }
    }

    private static async Task<RunningApp> StartAppAsync(string dataFolder, string adminPassword, bool migrateOnly)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Crm.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("Crm.sln not found.");
        }

        var web = Path.Combine(root.FullName, "src", "Crm.Web");
        var dll = Path.Combine(AppContext.BaseDirectory, "Crm.Web.dll");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();

        string[] arguments = migrateOnly ? [dll, "migrate"] : [dll, "--urls", url];
        var start = new ProcessStartInfo("dotnet", [.. arguments, "--contentRoot", web])
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
        };
        start.Environment["DataFolder"] = dataFolder;
        start.Environment["Admin__Password"] = adminPassword;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["PublicUrl"] = url;
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        start.Environment["RateLimits__PublicPerMinute"] = "100000";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        if (migrateOnly)
        {
            await process.WaitForExitAsync();
            return new RunningApp(process, url);
        }

        using var http = new HttpClient();
        for (var attempt = 0; attempt < 240; attempt++)
        {
            try
            {
                if ((await http.GetAsync(url + "/health/ready")).IsSuccessStatusCode)
                {
                    return new RunningApp(process, url);
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException("The app did not start.");
    }
}
