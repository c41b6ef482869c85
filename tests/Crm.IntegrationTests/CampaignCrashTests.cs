using System.Net;
using System.Text;
using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Security;

using static Crm.IntegrationTests.TestSupport;

namespace Crm.IntegrationTests;

/// <summary>
/// A campaign's send killed with SIGKILL in the middle, then the app started again on the same database: the send goes
/// on from its last committed batch and every recipient is handed to the outbox exactly once. While the outbox works
/// through those messages, a portal invitation (transactional) and a sign-in code (urgent) still go out within seconds.
/// </summary>
public abstract class CampaignCrashTests(string provider)
{
    private const int Contacts = 10_000;

    private static readonly Dictionary<string, string> Settings = new()
    {
        // Small batches, no cap per run and no quiet hours, so the send is under way for seconds whenever the test runs.
        ["Campaigns__Sending__BatchSize"] = "50",
        ["Campaigns__Sending__PerRun"] = "1000000",
        ["Campaigns__Sending__QuietFromHour"] = "0",
        ["Campaigns__Sending__QuietUntilHour"] = "0",
    };

    [Fact]
    public async Task A_send_killed_mid_way_goes_on_after_a_restart_and_queues_every_recipient_once()
    {
        var connectionString = TestDatabases.NewConnectionString(provider);
        var dataFolder = Path.Combine(Path.GetTempPath(), "crm-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var (first, url) = await AppProcesses.StartAsync(provider, connectionString, dataFolder, Settings);
            using var admin = AppProcesses.Client(url);
            await admin.SignInOk("admin", CrmAppFactory.AdminPassword);

            // The audience: contacts imported from a file.
            var csv = new StringBuilder("Name,Mobile\n");
            for (var i = 0; i < Contacts; i++)
            {
                csv.Append(FormattableString.Invariant($"Customer {i},0912{2_000_000 + i}\n"));
            }

            var (mapUrl, _) = await UploadAsync(admin, "contacts", "audience.csv", Encoding.UTF8.GetBytes(csv.ToString()));
            (await admin.PostForm(mapUrl, mapUrl, ("mapping[0]", "FullName"), ("mapping[1]", "Mobile"), ("duplicates", "Create"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
            await WaitAsync(() => Count(connectionString, "SELECT COUNT(*) FROM \"Contacts\" WHERE \"Id\" <> @id", Guid.Empty) >= Contacts, 120, "the contacts were not imported");

            // A plan with one SMS campaign, approved by a manager, then sent.
            var managerName = Unique("manager");
            (await admin.PostForm("/Identity/Users/Create", "/Identity/Users/Save", ("UserName", managerName), ("DisplayName", "مدیر فروش"),
                ("Email", managerName + "@test.example"), ("Roles", CrmRoles.SalesManager), ("IsActive", "true"), ("Password", Password))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
            using var manager = AppProcesses.Client(url);
            await manager.SignInOk(managerName, Password);
            var plan = IdFrom(await admin.PostForm("/Campaigns/Plans/Create", "/Campaigns/Plans/Create",
                ("Name", "یلدا"), ("StartDate", "1405/09/14"), ("EndDate", "1405/10/14"), ("Budget", "100000000")));
            var page = $"/Campaigns/Plans/Details/{plan}";
            var token = Unique("yalda");
            (await admin.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "پیامک"), ("Type", "Sms"),
                ("Message", token + " {{Contact.Name}}"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
            await admin.PostForm(page, $"/Campaigns/Plans/Submit/{plan}", ("version", Version(connectionString, "MarketingPlans", plan)));
            await manager.PostForm(page, $"/Campaigns/Plans/Decide/{plan}", ("version", Version(connectionString, "MarketingPlans", plan)), ("approve", "true"));
            var campaign = CampaignOf(connectionString, plan);
            (await admin.PostForm(page, $"/Campaigns/Plans/StartSend/{campaign}", ("version", Version(connectionString, "Campaigns", campaign)))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
            (await admin.PostForm("/Jobs", "/Jobs/RunNow", ("key", "campaigns.send"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

            // Killed once some batches are committed and well before the end.
            await WaitAsync(() => Queued(connectionString, campaign) >= 200, 120, "the send did not start");
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
            var queued = Queued(connectionString, campaign);
            queued.ShouldBeLessThan(Contacts, "the send finished before it could be killed");
            Messages(connectionString, token).ShouldBe(queued, "what was committed is exactly what the outbox holds");

            var (second, secondUrl) = await AppProcesses.StartAsync(provider, connectionString, dataFolder, Settings);
            try
            {
                using var again = AppProcesses.Client(secondUrl);
                await again.SignInOk("admin", CrmAppFactory.AdminPassword);
                (await again.PostForm("/Jobs", "/Jobs/RunNow", ("key", "campaigns.send"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
                await WaitAsync(() => Count(connectionString, "SELECT COUNT(*) FROM \"Campaigns\" WHERE \"Id\" = @id AND \"SendState\" = 4", campaign) == 1, 180, "the send was not finished");
                Queued(connectionString, campaign).ShouldBe(Contacts);
                Messages(connectionString, token).ShouldBe(Contacts);
                Count(connectionString, $"SELECT COUNT(DISTINCT \"ToKey\") FROM \"OutboxMessages\" WHERE \"Body\" LIKE '{token}%' AND \"Id\" <> @id", Guid.Empty).ShouldBe(Contacts);

                // The outbox hands the campaign to the gateway at five a second, so it is busy for half an hour; a
                // transactional message queued now goes out after one batch of it, and a sign-in code beside it.
                (await again.PostForm("/Jobs", "/Jobs/RunNow", ("key", "messaging.outbox"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
                await WaitAsync(() => Sent(connectionString, token) > 0, 120, "the outbox did not start on the campaign");
                var customer = Guid.Parse(AppProcesses.Text(provider, connectionString, "SELECT \"Id\" FROM \"Contacts\" WHERE \"FullName\" = 'Customer 17' AND \"Id\" <> @id", Guid.Empty));
                (await again.PostForm($"/Contacts/Contacts/Details/{customer}", "/Portal/Accounts/Open", ("contactId", customer.ToString()))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
                await WaitAsync(() => Count(connectionString, "SELECT COUNT(*) FROM \"OutboxMessages\" WHERE \"ToKey\" = '9122000017' AND \"Category\" = 0 AND NOT \"Urgent\" AND \"Status\" IN (2, 3) AND \"Id\" <> @id", Guid.Empty) == 1,
                    30, "the portal invitation waited behind the campaign");
                using var portal = AppProcesses.Client(secondUrl);
                var asked = DateTime.UtcNow;
                (await portal.PostForm("/portal/sign-in", "/portal/sign-in", ("mobile", "09122000017"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
                await WaitAsync(() => Count(connectionString, "SELECT COUNT(*) FROM \"OutboxMessages\" WHERE \"ToKey\" = '9122000017' AND \"Urgent\" = TRUE AND \"Status\" IN (2, 3) AND \"Id\" <> @id", Guid.Empty) == 1,
                    30, "the sign-in code was not sent");
                (DateTime.UtcNow - asked).ShouldBeLessThan(TimeSpan.FromSeconds(5), "the sign-in code waited behind the campaign");
                Sent(connectionString, token).ShouldBeLessThan(Contacts / 2, "the campaign was no longer in the way");
            }
            finally
            {
                second.Kill(entireProcessTree: true);
                await second.WaitForExitAsync();
            }
        }
        finally
        {
            TestDatabases.Drop(provider, connectionString);
        }
    }

    private static async Task WaitAsync(Func<bool> done, int seconds, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!done())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, failure);
            await Task.Delay(50);
        }
    }

    private int Queued(string connectionString, Guid campaign) => Count(connectionString, "SELECT \"Queued\" FROM \"Campaigns\" WHERE \"Id\" = @id", campaign);

    private int Messages(string connectionString, string token) =>
        Count(connectionString, $"SELECT COUNT(*) FROM \"OutboxMessages\" WHERE \"Body\" LIKE '{token}%' AND \"Id\" <> @id", Guid.Empty);

    private int Sent(string connectionString, string token) =>
        Count(connectionString, $"SELECT COUNT(*) FROM \"OutboxMessages\" WHERE \"Body\" LIKE '{token}%' AND \"Status\" <> 0 AND \"Id\" <> @id", Guid.Empty);

    private int Count(string connectionString, string sql, Guid id) => AppProcesses.Scalar(provider, connectionString, sql, id);

    private string Version(string connectionString, string table, Guid id) => AppProcesses.Text(provider, connectionString, $"SELECT \"Version\" FROM \"{table}\" WHERE \"Id\" = @id", id);

    private Guid CampaignOf(string connectionString, Guid plan) => Guid.Parse(AppProcesses.Text(provider, connectionString, "SELECT \"Id\" FROM \"Campaigns\" WHERE \"PlanId\" = @id", plan));
}

public sealed class SqliteCampaignCrashTests() : CampaignCrashTests(DatabaseProviders.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresCampaignCrashTests() : CampaignCrashTests(DatabaseProviders.PostgreSql);
