using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Stopwatch = System.Diagnostics.Stopwatch;
using Bogus;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Contacts.Domain;
using Crm.Modules.Identity.Domain;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.SharedKernel.Domain;
using Crm.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks;

/// <summary>
/// The sales board at the size a busy team reaches, on SQLite or PostgreSQL: 5,000 open deals spread over the stages of
/// the default process, 500 closed in the last month (shown in Won and Lost) and 50,000 closed before (not shown), each
/// with its stage history. Measures the board page and one column's cards over HTTP against the floor page, a whole
/// board load (the page, then every column's first cards at once, as the browser does), and the latency of moving a card.
/// </summary>
public static partial class PipelineScenario
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public static async Task RunAsync(BenchOptions options)
    {
        var open = options.GetInt("open", 5_000);
        var history = options.GetInt("closed", 50_000);
        var requests = options.GetInt("requests", 1_000);
        var moves = options.GetInt("moves", 500);
        await using var database = await BenchDatabase.CreateAsync(options);
        var url = $"http://127.0.0.1:{CustomersScenario.FreePort()}";
        var app = CustomersScenario.BuildApp(database.Provider, database.ConnectionString, database.DataFolder, url);
        try
        {
            await app.InitializeAsync(forceMigrate: true);
            await app.StartAsync();
            Console.WriteLine($"provider {database.Provider}: seeding {open:N0} open deals and {history + 500:N0} closed ones …");
            var seeding = Stopwatch.StartNew();
            await CustomersScenario.SeedContactsAsync(app.Services, 20_000);
            var process = await SeedDealsAsync(app.Services, open, history);
            Console.WriteLine($"seeded in {seeding.Elapsed.TotalSeconds:0} s");
            await database.AnalyzeAsync();
            await MeasureAsync(url, process, requests, moves);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    internal static async Task<SalesProcess> SeedDealsAsync(IServiceProvider services, int open, int history)
    {
        var faker = new Faker("fa");
        var now = DateTime.UtcNow;
        SalesProcess process;
        List<Guid> contacts;
        Guid adminId;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            process = await db.Set<SalesProcess>().AsNoTracking().Include(p => p.Stages).SingleAsync(p => p.IsDefault);
            contacts = await db.Set<Contact>().AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
            adminId = await db.Set<ApplicationUser>().Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync();
        }

        var stages = process.OpenStages.ToList();
        var total = open + 500 + history;
        const int batch = 5_000;
        for (var done = 0; done < total; done += batch)
        {
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<AuditOptions>().RecordChanges = false;
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = done; i < Math.Min(total, done + batch); i++)
            {
                // Open deals first; then 500 closed within the month; then the old history.
                var closedAt = i < open ? (DateTime?)null : i < open + 500 ? now.AddDays(-(i % 28)) : now.AddDays(-40 - (i % 700));
                var stage = closedAt is null ? stages[i % stages.Count] : i % 3 == 0 ? process.Won : process.Lost;
                var entered = (closedAt ?? now).AddHours(-(i % 500));
                var deal = new Opportunity
                {
                    Name = faker.Commerce.ProductName(),
                    ContactId = contacts[i % contacts.Count],
                    CustomerName = faker.Name.FullName(),
                    Amount = 1_000_000L * (1 + (i % 900)),
                    ProcessId = process.Id,
                    StageId = stage.Id,
                    StageEnteredAt = entered,
                    Probability = stage.Probability,
                    Status = closedAt is null ? OpportunityStatus.Open : stage.Kind == StageKind.Won ? OpportunityStatus.Won : OpportunityStatus.Lost,
                    ClosedAt = closedAt,
                    ExpectedClose = DateOnly.FromDateTime(now.AddDays(i % 90)),
                    OwnerId = adminId,
                };
                db.Add(deal);
                db.Add(new StageVisit { OpportunityId = deal.Id, StageId = stages[0].Id, Entry = StageEntry.Created, EnteredAt = entered.AddDays(-10), ExitedAt = stage.Id == stages[0].Id ? null : entered });
                if (stage.Id != stages[0].Id)
                {
                    db.Add(new StageVisit { OpportunityId = deal.Id, StageId = stage.Id, Entry = StageEntry.Moved, EnteredAt = entered });
                }
            }

            await db.SaveChangesAsync();
        }

        return process;
    }

    private static async Task MeasureAsync(string url, SalesProcess process, int requests, int moves)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(url) };
        await HttpScenario.SignInAsync(client, CustomersScenario.AdminPassword);
        var first = process.OpenStages.First();
        string[] pages = ["/Diagnostics/Floor", "/Sales/Board", $"/Sales/Board/Cards?process={process.Id}&stage={first.Id}&skip=0",
            $"/Sales/Board/Cards?process={process.Id}&stage={first.Id}&skip=500", "/Sales/Opportunities"];
        foreach (var page in pages)
        {
            for (var i = 0; i < 100; i++)
            {
                (await client.GetAsync(page)).EnsureSuccessStatusCode();
            }
        }

        await HttpScenario.ProfileIfAskedAsync(client);
        Console.WriteLine();
        await HttpScenario.CompareToFloorAsync(client, pages, requests);

        // A whole board as a browser loads it: the page, then every column's first cards at once.
        var columns = process.BoardStages.Select(s => $"/Sales/Board/Cards?process={process.Id}&stage={s.Id}&skip=0").ToList();
        var floor = await CustomersScenario.P50Async(async () => (await client.GetAsync("/Diagnostics/Floor")).EnsureSuccessStatusCode(), 200);
        var board = await CustomersScenario.P50Async(async () =>
        {
            (await client.GetAsync("/Sales/Board")).EnsureSuccessStatusCode();
            await Task.WhenAll(columns.Select(async c => (await client.GetAsync(c)).EnsureSuccessStatusCode()));
        }, 200);
        Console.WriteLine();
        Console.WriteLine($"whole board load (page + {columns.Count} columns' first cards): p50 {board:0.0} ms; floor page p50 {floor:0.00} ms ({board / floor:0}x)");

        // Moving one card back and forth between two stages, as fast as one person could: the latency of a drop.
        var token = TokenPattern().Match(await client.GetStringAsync("/Sales/Board")).Groups[1].Value;
        var deal = await FirstCardAsync(client, process, first);
        var stages = process.OpenStages.Take(2).Select(s => s.Id).ToArray();
        var timings = new List<double>();
        var version = deal.Version;
        for (var i = 0; i < moves; i++)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Id"] = deal.Id.ToString(), ["Version"] = version.ToString(), ["StageId"] = stages[(i + 1) % 2].ToString(),
            });
            var started = Stopwatch.GetTimestamp();
            using var response = await client.PostAsync("/Sales/Board/Move", form);
            var body = await response.Content.ReadAsStringAsync();
            timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"move {i} answered {response.StatusCode}: {body}");
            }

            version = JsonDocument.Parse(body).RootElement.GetProperty("version").GetGuid();
        }

        timings.Sort();
        Console.WriteLine($"card move (POST, stage history written, timeline entry): p50 {timings[timings.Count / 2]:0.0} ms, p95 {timings[(int)(timings.Count * 0.95)]:0.0} ms over {moves} moves; floor page p50 {floor:0.00} ms");
    }

    private static async Task<(Guid Id, Guid Version)> FirstCardAsync(HttpClient client, SalesProcess process, Stage stage)
    {
        var html = await client.GetStringAsync($"/Sales/Board/Cards?process={process.Id}&stage={stage.Id}&skip=0");
        var match = Regex.Match(html, "data-id=\"([0-9a-f-]+)\" data-version=\"([0-9a-f-]+)\"");
        return (Guid.Parse(match.Groups[1].Value), Guid.Parse(match.Groups[2].Value));
    }
}
