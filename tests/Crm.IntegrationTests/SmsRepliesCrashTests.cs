using System.Net;
using Crm.Infrastructure.Persistence;

namespace Crm.IntegrationTests;

/// <summary>
/// The job reading replies from the SMS line killed with SIGKILL while it works through a burst of them, then the app
/// started again: every reply the gateway handed over is kept exactly once (the gateway marks them read as it hands
/// them over, so the restarted process reads those read before too) and acted on, and "11" makes one opt-out.
/// </summary>
public abstract class SmsRepliesCrashTests(string provider)
{
    private const int Replies = 3_000;

    [Fact]
    public async Task Replies_read_when_the_app_is_killed_are_all_kept_once_after_a_restart()
    {
        await using var gateway = new FakeKavenegar();
        var settings = new Dictionary<string, string>
        {
            ["Messaging__Sms__Provider"] = "Kavenegar",
            ["Messaging__Sms__Kavenegar__BaseUrl"] = gateway.BaseUrl,
            ["Messaging__Sms__Kavenegar__ApiKey"] = FakeKavenegar.ApiKey,
            ["Messaging__Sms__Kavenegar__Sender"] = MessagingAppFixture.Line,
        };
        for (var i = 0; i < Replies; i++)
        {
            // Every tenth says "11"; the others ask something.
            gateway.Reply(FormattableString.Invariant($"0913{3_000_000 + i}"), i % 10 == 0 ? "11" : FormattableString.Invariant($"price of item {i}?"), MessagingAppFixture.Line);
        }

        var connectionString = TestDatabases.NewConnectionString(provider);
        var dataFolder = Path.Combine(Path.GetTempPath(), "crm-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var (first, url) = await AppProcesses.StartAsync(provider, connectionString, dataFolder, settings);
            using (var admin = AppProcesses.Client(url))
            {
                await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
                // Killed once some replies are kept and well before all are.
                var deadline = DateTime.UtcNow.AddSeconds(120);
                while (Kept(connectionString) < 500)
                {
                    DateTime.UtcNow.ShouldBeLessThan(deadline, "the replies were not read");
                    (await admin.PostForm("/Jobs", "/Jobs/RunNow", ("key", "messaging.sms-replies"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
                    await Task.Delay(20);
                }
            }

            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
            Kept(connectionString).ShouldBeLessThan(Replies, "every reply was kept before the app could be killed");

            var (second, secondUrl) = await AppProcesses.StartAsync(provider, connectionString, dataFolder, settings);
            try
            {
                using var again = AppProcesses.Client(secondUrl);
                await again.SignInOk("admin", CrmAppFactory.AdminPassword);
                var deadline = DateTime.UtcNow.AddSeconds(180);
                while (Kept(connectionString) < Replies || Count(connectionString, "SELECT COUNT(*) FROM \"SmsReplies\" WHERE \"ProcessedAt\" IS NULL") > 0)
                {
                    DateTime.UtcNow.ShouldBeLessThan(deadline, $"{Kept(connectionString)} of {Replies} replies kept");
                    (await again.PostForm("/Jobs", "/Jobs/RunNow", ("key", "messaging.sms-replies"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
                    await Task.Delay(250);
                }

                Kept(connectionString).ShouldBe(Replies);
                Count(connectionString, "SELECT COUNT(DISTINCT \"GatewayId\") FROM \"SmsReplies\"").ShouldBe(Replies);
                Count(connectionString, "SELECT COUNT(*) FROM \"SmsReplies\" WHERE \"OptOut\" = TRUE").ShouldBe(Replies / 10);
                Count(connectionString, "SELECT COUNT(*) FROM \"MessageOptOuts\" WHERE \"Source\" = 'sms-reply'").ShouldBe(Replies / 10);
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

    private int Kept(string connectionString) => Count(connectionString, "SELECT COUNT(*) FROM \"SmsReplies\"");

    private int Count(string connectionString, string sql) => AppProcesses.Scalar(provider, connectionString, sql + (sql.Contains("WHERE", StringComparison.Ordinal) ? " AND " : " WHERE ") + "\"Id\" <> @id", Guid.Empty);
}

public sealed class SqliteSmsRepliesCrashTests() : SmsRepliesCrashTests(DatabaseProviders.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresSmsRepliesCrashTests() : SmsRepliesCrashTests(DatabaseProviders.PostgreSql);
