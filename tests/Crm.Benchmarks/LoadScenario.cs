using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Crm.Infrastructure.Imports;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Identity.Domain;
using Crm.SharedKernel.Imports;
using Crm.SharedKernel.Security;
using Crm.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks;

/// <summary>
/// Many signed-in people at once: a million contacts, 100,000 leads (imported through the real pipeline) and a few
/// thousand open deals; then N sessions (signed in as managers, who see every record) walk the contacts and leads lists
/// and searches, the sales board and the pipeline report for a fixed time, each waiting for its answer before the next
/// request. Loopback only, bounded in sessions and seconds. Reports requests/s, p50/p95/p99 per page and errors.
/// </summary>
public static class LoadScenario
{
    private const string Password = "load-Manager-42x";

    public static async Task RunAsync(BenchOptions options)
    {
        var contacts = options.GetInt("contacts", 1_000_000);
        var leads = options.GetInt("leads", 100_000);
        var sessions = Math.Clamp(options.GetInt("sessions", 200), 1, 1000);
        var seconds = Math.Clamp(options.GetInt("seconds", 60), 5, 600);
        await using var database = await BenchDatabase.CreateAsync(options);
        var url = $"http://127.0.0.1:{CustomersScenario.FreePort()}";
        // --pool N caps each instance's PostgreSQL connections: N instances share the server's max_connections.
        var pool = options.GetInt("pool", 0);
        var connectionString = database.Postgres && pool > 0
            ? new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = pool }.ConnectionString
            : database.ConnectionString;
        var app = CustomersScenario.BuildApp(database.Provider, connectionString, database.DataFolder, url);
        try
        {
            await app.InitializeAsync(forceMigrate: true);
            await app.StartAsync();
            var seeding = Stopwatch.StartNew();
            Console.WriteLine($"provider {database.Provider}: seeding {contacts:N0} contacts, {leads:N0} leads, 3,000 open deals …");
            await CustomersScenario.SeedContactsAsync(app.Services, contacts);
            await ImportLeadsAsync(app.Services, database.DataFolder, leads);
            await PipelineScenario.SeedDealsAsync(app.Services, 3_000, 2_000);
            var managers = await ManagersAsync(app.Services, 10);
            await database.AnalyzeAsync();
            Console.WriteLine($"seeded in {seeding.Elapsed.TotalSeconds:0} s");

            var clients = await SignInAsync(url, managers, sessions);
            string[] pages =
            [
                "/Contacts/Contacts", "/Contacts/Contacts?q=%D9%85%D8%AD%D9%85%D8%AF", "/Contacts/Contacts?q=0912100", "/Leads/Leads",
                "/Leads/Leads?q=%D8%B4%D8%B1%DA%A9%D8%AA", "/Leads/Leads?q=0935100", "/Sales/Board", "/Reports/Reports/Pipeline",
            ];
            await RunAsync(clients, pages, TimeSpan.FromSeconds(seconds));
            if (options.GetInt("instances", 0) is var instances and > 0)
            {
                await ThroughProxyAsync(url, database, connectionString, managers, sessions, pages, TimeSpan.FromSeconds(seconds), instances);
            }

            if (options.Get("each", "") is { Length: > 0 } each)
            {
                // Each page alone with a few sessions: its own throughput, to see which one the mixed load waits on.
                foreach (var page in pages)
                {
                    await RunAsync([.. clients.Take(int.Parse(each, System.Globalization.CultureInfo.InvariantCulture))], [page], TimeSpan.FromSeconds(8));
                }
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// The same load through nginx (the project's proxy settings) in front of 1, then 2, … <paramref name="instances"/>
    /// instances on the same database and cores: this process's app, then app processes added one at a time.
    /// </summary>
    private static async Task ThroughProxyAsync(string url, BenchDatabase database, string connectionString, IReadOnlyList<string> managers, int sessions, string[] pages, TimeSpan duration, int instances)
    {
        if (!database.Postgres)
        {
            throw new InvalidOperationException("Several instances share a PostgreSQL database: run with --provider PostgreSql.");
        }

        var ports = new List<int> { new Uri(url).Port };
        var added = new List<Process>();
        try
        {
            for (var count = 1; count <= instances; count++)
            {
                var proxyPort = CustomersScenario.FreePort();
                var proxyUrl = $"http://127.0.0.1:{proxyPort}";
                if (count > 1)
                {
                    var port = CustomersScenario.FreePort();
                    added.Add(await Crm.IntegrationTests.AppCluster.StartAppAsync($"http://127.0.0.1:{port}", proxyUrl, Path.Combine(database.DataFolder, $"app{count}"),
                        connectionString, new Dictionary<string, string> { ["Files:Store"] = "Database", ["Serilog:MinimumLevel:Default"] = "Warning" }));
                    ports.Add(port);
                }

                var nginx = await Crm.IntegrationTests.AppCluster.StartNginxAsync(Path.Combine(database.DataFolder, $"nginx{count}"), proxyPort, ports);
                try
                {
                    var clients = await SignInAsync(proxyUrl, managers, sessions);
                    Console.WriteLine();
                    Console.WriteLine($"through nginx, {count} instance(s), warming up (a new instance compiles and fills its caches):");
                    await RunAsync(clients, pages, TimeSpan.FromSeconds(15));
                    Console.WriteLine();
                    Console.WriteLine($"through nginx, {count} instance(s):");
                    await RunAsync(clients, pages, duration);
                }
                finally
                {
                    nginx.Kill(entireProcessTree: true);
                    await nginx.WaitForExitAsync();
                }
            }
        }
        finally
        {
            foreach (var process in added)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    private static async Task RunAsync(IReadOnlyList<HttpClient> clients, string[] pages, TimeSpan duration)
    {
        var timings = new ConcurrentDictionary<string, ConcurrentBag<double>>();
        var errors = new ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(async (client, index) =>
        {
            for (var i = index; clock.Elapsed < duration; i++)
            {
                var page = pages[i % pages.Length];
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync(page);
                    await response.Content.ReadAsByteArrayAsync();
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        errors.AddOrUpdate(page + " " + (int)response.StatusCode, 1, (_, n) => n + 1);
                        continue;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    errors.AddOrUpdate(page + " " + ex.GetType().Name, 1, (_, n) => n + 1);
                    continue;
                }

                timings.GetOrAdd(page, _ => []).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = timings.Values.SelectMany(t => t).Order().ToArray();
        Console.WriteLine();
        Console.WriteLine($"{clients.Count} sessions for {elapsed:0} s: {all.Length:N0} requests, {all.Length / elapsed:0.0} req/s, errors {errors.Values.Sum():N0}");
        Console.WriteLine($"{"page",-52} {"n",7} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8}");
        foreach (var (page, bag) in timings.OrderBy(t => Array.IndexOf(pages, t.Key)))
        {
            var sorted = bag.Order().ToArray();
            Console.WriteLine($"{page,-52} {sorted.Length,7} {P(sorted, 0.50),8:0} {P(sorted, 0.95),8:0} {P(sorted, 0.99),8:0}");
        }

        Console.WriteLine($"{"all",-52} {all.Length,7} {P(all, 0.50),8:0} {P(all, 0.95),8:0} {P(all, 0.99),8:0}");
        foreach (var (what, count) in errors)
        {
            Console.WriteLine($"error: {what} × {count}");
        }
    }

    private static double P(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    /// <summary>The leads, written to a .csv and run through the import pipeline as a user's import would be.</summary>
    private static async Task ImportLeadsAsync(IServiceProvider services, string dataFolder, int count)
    {
        var files = services.GetRequiredService<ImportFiles>();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var admin = await db.Set<ApplicationUser>().Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync();
        var run = new ImportRun
        {
            TargetKey = "leads", FileName = "load.csv", StoredName = Guid.NewGuid().ToString("N") + ".csv", UserId = admin, SeesAllRecords = true,
            Culture = "fa-IR", CreatedAt = DateTime.UtcNow, Status = ImportStatus.Queued, Duplicates = DuplicateMode.Create,
            MappingJson = "[\"FullName\",\"Mobile\",\"Company\"]", HeadersJson = "[\"name\",\"mobile\",\"company\"]",
        };
        var faker = new Bogus.Faker("fa");
        var csv = new StringBuilder("name,mobile,company\n");
        for (var i = 0; i < count; i++)
        {
            csv.Append(faker.Name.FullName()).Append(",0935").Append(1_000_000 + i).Append(",شرکت ").Append(faker.Company.CompanyName().Replace(',', ' ')).Append('\n');
        }

        await files.SaveAsync(run, new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), CancellationToken.None);
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync();
        await services.GetRequiredService<ImportRunner>().RunQueuedAsync(CancellationToken.None);
    }

    private static async Task<IReadOnlyList<string>> ManagersAsync(IServiceProvider services, int count)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var user = new ApplicationUser { UserName = $"manager{i}", Email = $"manager{i}@bench.example", DisplayName = $"Manager {i}" };
            await users.CreateAsync(user, Password);
            await users.AddToRoleAsync(user, CrmRoles.SalesManager);
            names.Add(user.UserName);
        }

        return names;
    }

    private static async Task<IReadOnlyList<HttpClient>> SignInAsync(string url, IReadOnlyList<string> users, int sessions)
    {
        var clients = new HttpClient[sessions];
        using var gate = new SemaphoreSlim(4);
        await Task.WhenAll(Enumerable.Range(0, sessions).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
                {
                    BaseAddress = new Uri(url),
                    Timeout = TimeSpan.FromSeconds(60),
                };
                await HttpScenario.SignInAsync(client, users[i % users.Count], Password);
                clients[i] = client;
            }
            finally
            {
                gate.Release();
            }
        }));
        return clients;
    }
}
