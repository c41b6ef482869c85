using Crm.Infrastructure.Persistence;
using Crm.Modules.Campaigns.Domain;
using Crm.Modules.Campaigns.Features;
using Crm.Modules.Contacts.Domain;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Records;
using Crm.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace Crm.Benchmarks;

/// <summary>
/// Queueing a campaign of 100,000 recipients through the send job (the audience read and checked for refusals, a
/// recipient row each, the message personalised, an outbox row each, a batch per transaction) against a raw batched
/// insert of the same recipient and outbox rows (goal ≥ 0.3×); then an email campaign's tracked link followed by many
/// recipients, against the floor page (goal ≥ 0.7×).
/// </summary>
public static class CampaignsScenario
{
    private const string Message = "{{Contact.Name}} عزیز، شب یلدا با ۲۰٪ تخفیف مهمان ما باشید";

    public static async Task RunAsync(BenchOptions options)
    {
        var contacts = options.GetInt("contacts", 100_000);
        await using var database = await BenchDatabase.CreateAsync(options);
        var url = $"http://127.0.0.1:{CustomersScenario.FreePort()}";
        // The job is run by hand; no quiet hours and no cap per run, so one run queues the whole campaign.
        var app = CustomersScenario.BuildApp(database.Provider, database.ConnectionString, database.DataFolder, url, new Dictionary<string, string>
        {
            ["Jobs:Enabled"] = "false",
            ["Campaigns:Sending:PerRun"] = "100000000",
            ["Campaigns:Sending:QuietFromHour"] = "0",
            ["Campaigns:Sending:QuietUntilHour"] = "0",
            ["RateLimits:TrackingPerMinute"] = "100000000",
        });
        try
        {
            await app.InitializeAsync(forceMigrate: true);
            await app.StartAsync();
            var seeding = Stopwatch.StartNew();
            await CustomersScenario.SeedContactsAsync(app.Services, contacts);
            await database.AnalyzeAsync();
            await database.SettleAsync();
            Console.WriteLine($"provider {database.Provider}: {contacts:N0} contacts seeded in {seeding.Elapsed.TotalSeconds:N0} s");

            var raw = await RawInsertAsync(app.Services);
            var campaign = await SendingCampaignAsync(app.Services);
            var timer = Stopwatch.StartNew();
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<CampaignSender>().RunAsync(CancellationToken.None);
            }

            timer.Stop();
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var sent = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Set<Campaign>().AsNoTracking().SingleAsync(c => c.Id == campaign);
                if (sent.SendState != SendState.Sent || sent.Queued != contacts)
                {
                    throw new InvalidOperationException($"the campaign ended {sent.SendState} with {sent.Queued:N0} queued");
                }
            }

            Console.WriteLine($"  campaign of {contacts:N0} queued by the send job: {timer.Elapsed.TotalSeconds:N1} s ({contacts / timer.Elapsed.TotalSeconds:N0} recipients/s)");
            Console.WriteLine($"  the same rows by raw batched insert: {raw.TotalSeconds:N1} s ({contacts / raw.TotalSeconds:N0} rows/s)");
            Console.WriteLine($"  ratio {raw.TotalSeconds / timer.Elapsed.TotalSeconds:N2}× (goal ≥ 0.3×)");
            await database.SettleAsync();
            await ClicksAsync(app.Services, url, options.GetInt("requests", 18_000));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// The click redirect: an email campaign sent to every contact, its first link followed by recipients picked at
    /// random (each click one signed token read and one recipient row counted), in rounds alternating with the floor page.
    /// </summary>
    private static async Task ClicksAsync(IServiceProvider services, string url, int requests)
    {
        Guid campaign;
        List<Guid> recipients;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var plan = new MarketingPlan { Name = "خبرنامه", StartDate = new DateOnly(2026, 12, 5), EndDate = new DateOnly(2027, 1, 5), Status = PlanStatus.Running };
            var email = new Campaign
            {
                PlanId = plan.Id, Name = "خبرنامهٔ دی", Type = CampaignType.Email, Subject = "دی", SendState = SendState.Sent, SendStartedAt = DateTime.UtcNow,
                Message = "{{Contact.Name}} عزیز، فهرست تازه: https://shop.example/dey و https://shop.example/prices",
            };
            db.AddRange(plan, email);
            await db.SaveChangesAsync();
            campaign = email.Id;
            var people = await db.Set<Contact>().AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.FullName }).ToListAsync();
            var rows = people.Select(p => new CampaignRecipient { CampaignId = campaign, ContactId = p.Id, Address = $"c{p.Id:N}@mail.test", Name = p.FullName, QueuedAt = DateTime.UtcNow }).ToList();
            await scope.ServiceProvider.GetRequiredService<IBulkInserter>().InsertAsync(rows, CancellationToken.None);
            recipients = [.. rows.Select(r => r.Id)];
        }

        var tracking = services.GetRequiredService<TrackingTokens>();
        var random = new Random(7);
        var links = Enumerable.Range(0, 20_000).Select(_ => "/t/c/" + tracking.Token(recipients[random.Next(recipients.Count)], campaign, 1)).ToArray();
        using var staffHandler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var staff = new HttpClient(staffHandler) { BaseAddress = new Uri(url) };
        await HttpScenario.SignInAsync(staff, CustomersScenario.AdminPassword);
        using var visitor = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(url) };
        var next = -1;
        async Task<double> ClickAsync(int count)
        {
            var timer = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            {
                for (var i = 0; i < count / 8; i++)
                {
                    using var response = await visitor.GetAsync(links[Interlocked.Increment(ref next) % links.Length]);
                    if (response.StatusCode != System.Net.HttpStatusCode.Redirect || response.Headers.Location?.ToString() != "https://shop.example/dey")
                    {
                        throw new InvalidOperationException($"a click answered {(int)response.StatusCode} {response.Headers.Location}");
                    }
                }
            }));
            return count / 8 * 8 / timer.Elapsed.TotalSeconds;
        }

        await HttpScenario.MeasureAsync(staff, "/Diagnostics/Floor", 400, 8);
        await ClickAsync(400);
        const int rounds = 9;
        var measured = new List<(double Clicks, double Floor)>();
        for (var round = 0; round < rounds; round++)
        {
            var floor = await HttpScenario.MeasureAsync(staff, "/Diagnostics/Floor", requests / rounds, 8);
            measured.Add((await ClickAsync(requests / rounds), floor.Throughput));
        }

        var median = measured.OrderBy(m => m.Clicks / m.Floor).ElementAt(rounds / 2);
        await using (var scope = services.CreateAsyncScope())
        {
            var counted = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Set<CampaignRecipient>().Where(r => r.CampaignId == campaign).SumAsync(r => r.Clicks);
            Console.WriteLine($"  click redirect ({recipients.Count:N0} recipients, 8 at a time): {median.Clicks:N0} clicks/s   floor page: {median.Floor:N0} req/s   ratio {median.Clicks / median.Floor:N2}× (goal ≥ 0.7×, median of {rounds} rounds; {counted:N0} clicks counted)");
        }
    }

    /// <summary>An approved plan's SMS campaign to every contact, being sent.</summary>
    private static async Task<Guid> SendingCampaignAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var plan = new MarketingPlan { Name = "یلدا", StartDate = new DateOnly(2026, 12, 5), EndDate = new DateOnly(2027, 1, 5), Status = PlanStatus.Running };
        var campaign = new Campaign { PlanId = plan.Id, Name = "پیامک یلدا", Type = CampaignType.Sms, Message = Message, SendState = SendState.Sending, SendStartedAt = DateTime.UtcNow };
        db.AddRange(plan, campaign);
        await db.SaveChangesAsync();
        return campaign.Id;
    }

    /// <summary>
    /// The rows the send writes, made from the contacts read in one go and written with the bulk inserter a batch of
    /// 5,000 per transaction: a recipient row and an outbox row per contact.
    /// </summary>
    private static async Task<TimeSpan> RawInsertAsync(IServiceProvider services)
    {
        var timer = Stopwatch.StartNew();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var inserter = scope.ServiceProvider.GetRequiredService<IBulkInserter>();
        var people = await db.Set<Contact>().AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.FullName, c.PrimaryPhone }).ToListAsync();
        var campaign = Guid.NewGuid();
        var now = DateTime.UtcNow;
        foreach (var chunk in people.Chunk(5_000))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await inserter.InsertAsync([.. chunk.Select(p => new CampaignRecipient { CampaignId = campaign, ContactId = p.Id, Address = p.PrimaryPhone!, Name = p.FullName, QueuedAt = now })], CancellationToken.None);
            await inserter.InsertAsync([.. chunk.Select(p => new OutboxMessage
            {
                Channel = MessageChannel.Sms, Category = MessageCategory.Marketing, To = p.PrimaryPhone!, ToKey = p.PrimaryPhone![1..],
                RecipientType = RecordTypes.Contact, RecipientId = p.Id, Body = Message.Replace(Campaign.NamePlaceholder, p.FullName, StringComparison.Ordinal),
                CreatedAt = now, NextAttemptAt = now,
            })], CancellationToken.None);
            await transaction.CommitAsync();
        }

        return timer.Elapsed;
    }
}
