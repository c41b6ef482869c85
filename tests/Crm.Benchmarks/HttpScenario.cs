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

    internal static async Task SignInAsync(HttpClient client, string password)
    {
        var page = await client.GetStringAsync("/Identity/Account/SignIn");
        var token = TokenPattern().Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin", ["Password"] = password, ["__RequestVerificationToken"] = token,
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
