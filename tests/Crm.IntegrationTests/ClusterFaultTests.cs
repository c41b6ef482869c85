using System.Net;
using System.Text;
using System.Text.Json;
using Crm.Modules.Messaging.Contracts;
using Npgsql;

namespace Crm.IntegrationTests;

/// <summary>
/// Two app processes on one PostgreSQL database; the one doing a piece of background work is killed with SIGKILL in
/// the middle of it, and the other finishes the work: an import of 60,000 rows, a campaign send of 4,000 SMS through
/// the Kavenegar stand-in (which, like Kavenegar, sends a repeated local id only once), 3,000 workflow runs, and an SLA
/// sweep over 20,000 tickets.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class ClusterFaultTests : IAsyncLifetime
{
    private const int Rows = 60_000;
    private const int Messages = 4_000;
    private const int Runs = 3_000;
    private const int Tickets = 20_000;

    private readonly FakeKavenegar _sms = new();
    private AppCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await AppCluster.StartAsync(2, proxy: false, new Dictionary<string, string>
        {
            ["Imports:StaleAfter"] = "00:00:03",
            ["Messaging:ClaimLease"] = "00:00:05",
            ["Messaging:Sms:Provider"] = "Kavenegar",
            ["Messaging:Sms:Kavenegar:BaseUrl"] = _sms.BaseUrl,
            ["Messaging:Sms:Kavenegar:ApiKey"] = FakeKavenegar.ApiKey,
            ["Messaging:Sms:PerSecond"] = "2000",
            ["Workflow:ClaimLease"] = "00:00:05",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _sms.DisposeAsync();
    }

    [Fact]
    public async Task An_import_whose_instance_is_killed_is_finished_by_the_other_with_every_row_once()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(_cluster.Instances[0].Url) };
        await client.SignInOk("admin", AppCluster.AdminPassword);
        var csv = new StringBuilder("Name,Mobile\n");
        for (var i = 0; i < Rows; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"Person {i},0913{1_000_000 + i}\n");
        }

        var (mapUrl, _) = await TestSupport.UploadAsync(client, "leads", "cluster.csv", Encoding.UTF8.GetBytes(csv.ToString()));
        var id = Guid.Parse(mapUrl.Split('/').Last());
        (await client.PostForm(mapUrl, mapUrl, ("mapping[0]", "FullName"), ("mapping[1]", "Mobile"), ("duplicates", "Create"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await Until(async () => await ScalarAsync($"SELECT \"CreatedCount\" FROM \"ImportRuns\" WHERE \"Id\" = '{id}'") >= 2000, 120, "the import did not start");
        var worker = await KillTheInstanceRunningAsync("platform.imports");
        (await ScalarAsync($"SELECT count(*) FROM \"Leads\" WHERE \"ImportId\" = '{id}'")).ShouldBeLessThan(Rows, "the import finished before it could be killed");

        var other = _cluster.Instances.Single(i => i != worker);
        using var again = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(other.Url) };
        await again.SignInOk("admin", AppCluster.AdminPassword);
        JsonElement status = default;
        await Until(async () => (status = JsonDocument.Parse(await again.GetStringAsync($"/Imports/Status/{id}")).RootElement.Clone()).GetProperty("done").GetBoolean(),
            150, "the other instance did not finish the import");
        status.GetProperty("status").GetString().ShouldBe("Completed");
        status.GetProperty("created").GetInt32().ShouldBe(Rows);
        (await ScalarAsync($"SELECT count(*) FROM \"Leads\" WHERE \"ImportId\" = '{id}'")).ShouldBe(Rows);
        (await ScalarAsync($"SELECT count(DISTINCT \"MobileKey\") FROM \"Leads\" WHERE \"ImportId\" = '{id}'")).ShouldBe(Rows);
        (await ScalarAsync("SELECT count(*) FROM \"StoredFiles\"")).ShouldBe(0, "the finished import's file is removed from the shared store");
    }

    [Fact]
    public async Task A_send_of_four_thousand_messages_whose_instance_is_killed_is_finished_by_the_other_and_nothing_is_sent_twice()
    {
        await ExecuteAsync($"""
            INSERT INTO "OutboxMessages" ("Id", "Channel", "Category", "Status", "To", "ToKey", "Culture", "Body", "CreatedAt", "NextAttemptAt", "Attempts")
            SELECT gen_random_uuid(), {(int)MessageChannel.Sms}, {(int)MessageCategory.Marketing}, {(int)MessageStatus.Queued},
                   '0936' || lpad(g::text, 7, '0'), '98936' || lpad(g::text, 7, '0'), 'fa-IR', 'جشنواره پاییزه ' || g, now(), now(), 0
            FROM generate_series(1, {Messages}) g
            """);

        await Until(() => Task.FromResult(_sms.Sent.Count >= 600), 120, "the send did not start");
        await KillTheInstanceRunningAsync("messaging.outbox");
        var atKill = _sms.Sent.Count;
        atKill.ShouldBeLessThan(Messages, "the send finished before it could be killed");

        await Until(async () => await ScalarAsync($"SELECT count(*) FROM \"OutboxMessages\" WHERE \"Status\" = {(int)MessageStatus.Sent}") == Messages, 480,
            "the other instance did not finish the send");
        _sms.Sent.Count.ShouldBe(Messages);
        _sms.Sent.Distinct().Count().ShouldBe(Messages);
        // A message handed to the gateway just before the kill, but not yet recorded as sent, is handed again after its
        // claim expires; its local id makes the gateway answer with the first send instead of sending it twice.
        var repeats = _sms.Requests.Count - Messages;
        repeats.ShouldBeLessThanOrEqualTo(50, "no more than the killed instance's claimed batch is handed over twice");
        Console.WriteLine($"killed at {atKill} sent; {repeats} repeated hand-overs, none sent twice");
    }

    [Fact]
    public async Task Workflow_runs_whose_instance_is_killed_are_finished_by_the_other_and_no_step_happens_twice()
    {
        // Leads, a workflow whose one step tells the administrator of each lead by name, and a pending run per lead.
        var admin = await ScalarTextAsync("SELECT \"Id\"::text FROM \"Users\" WHERE \"UserName\" = 'admin'");
        var (workflow, version) = (Guid.NewGuid(), Guid.NewGuid());
        var definition = JsonSerializer.Serialize(new
        {
            trigger = new { kind = "Created" },
            steps = new object[] { new { id = "s1", kind = "Notify", to = "User", userId = admin, text = "Workflow {FullName}" } },
        });
        await ExecuteAsync($"""
            INSERT INTO "Leads" ("Id", "FirstName", "LastName", "FullName", "NameKey", "Source", "Status", "Rating", "Priority", "CreatedAt", "IsDeleted", "Version")
            SELECT gen_random_uuid(), 'Wf', 'Person ' || g, 'Wf Person ' || g, 'wfperson' || g, 0, 0, 0, 0, now(), false, gen_random_uuid()
            FROM generate_series(1, {Runs}) g;
            INSERT INTO "Workflows" ("Id", "NamePersian", "NameEnglish", "RecordType", "Enabled", "PublishedVersionId", "VersionCount", "Version", "CreatedAt", "IsDeleted")
            VALUES ('{workflow}', 'خبر', 'Tell', 'Lead', false, '{version}', 1, gen_random_uuid(), now(), false);
            INSERT INTO "WorkflowVersions" ("Id", "WorkflowId", "Number", "Definition", "CreatedAt") VALUES ('{version}', '{workflow}', 1, '{definition}', now());
            INSERT INTO "WorkflowRuns" ("Id", "WorkflowId", "VersionId", "RecordType", "RecordId", "State", "Position", "WakeAt", "Depth", "StepsExecuted", "Attempts", "CreatedAt", "Version")
            SELECT gen_random_uuid(), '{workflow}', '{version}', 'Lead', "Id", 0, 0, now(), 0, 0, 0, now(), gen_random_uuid() FROM "Leads" WHERE "FirstName" = 'Wf';
            """);

        const string told = "SELECT count(*) FROM \"Notifications\" WHERE \"EnglishText\" LIKE 'Workflow Wf Person %'";
        await Until(async () => await ScalarAsync(told) >= 300, 120, "the runs did not start");
        await KillTheInstanceRunningAsync("workflow.run");
        var atKill = await ScalarAsync(told);
        atKill.ShouldBeLessThan(Runs, "the runs finished before they could be killed");

        await Until(async () => await ScalarAsync($"SELECT count(*) FROM \"WorkflowRuns\" WHERE \"WorkflowId\" = '{workflow}' AND \"State\" = 3") == Runs, 300,
            "the other instance did not finish the runs");
        (await ScalarAsync(told)).ShouldBe(Runs, "each run's step happened once: none lost with the killed instance, none done again by the other");
        (await ScalarAsync("SELECT count(DISTINCT \"EnglishText\") FROM \"Notifications\" WHERE \"EnglishText\" LIKE 'Workflow Wf Person %'")).ShouldBe(Runs);
        (await ScalarAsync($"SELECT count(*) FROM \"WorkflowStepLogs\" l JOIN \"WorkflowRuns\" r ON r.\"Id\" = l.\"RunId\" WHERE r.\"WorkflowId\" = '{workflow}' AND l.\"Outcome\" = 0"))
            .ShouldBe(Runs, "one 'done' line per run in the log");
        Console.WriteLine($"killed at {atKill} of {Runs} runs done");
    }

    [Fact]
    public async Task An_SLA_sweep_whose_instance_is_killed_is_finished_by_the_other_and_each_breach_acts_once()
    {
        // Open tickets of the administrator's, each with a first-response target past its due time under a policy that tells the owner.
        var admin = await ScalarTextAsync("SELECT \"Id\"::text FROM \"Users\" WHERE \"UserName\" = 'admin'");
        var policy = Guid.NewGuid();
        await ExecuteAsync($"""
            INSERT INTO "SlaPolicies" ("Id", "Name", "Position", "Category", "FirstResponseMinutes", "NextResponseMinutes", "ResolutionMinutes", "WarnAtPercent",
                "WarningActions", "BreachActions", "CreatedAt", "IsDeleted", "Version")
            VALUES ('{policy}', 'Kill', 1, 'kill-test', 60, 0, 0, 50, 0, 1, now(), false, gen_random_uuid());
            INSERT INTO "Tickets" ("Id", "Number", "Subject", "CustomerName", "Category", "Priority", "Channel", "Status", "OwnerId", "SlaState", "SlaSortKey", "CreatedAt", "IsDeleted", "Version")
            SELECT gen_random_uuid(), 'TCK-K-' || g, 'Sweep ' || g, 'Customer', 'kill-test', 1, 0, 2, '{admin}', 1, '~', now() - interval '2 hours', false, gen_random_uuid()
            FROM generate_series(1, {Tickets}) g;
            INSERT INTO "TicketSlaTargets" ("Id", "TicketId", "Kind", "PolicyId", "StartedAt", "TargetMinutes", "WarnAt", "DueAt", "PausedMinutes", "Stopped", "WarnedAt", "Version")
            SELECT gen_random_uuid(), "Id", 0, '{policy}', now() - interval '2 hours', 60, now() - interval '90 minutes', now() - interval '1 hour', 0, false, now() - interval '80 minutes', gen_random_uuid()
            FROM "Tickets" WHERE "Category" = 'kill-test';
            """);

        const string told = "SELECT count(*) FROM \"Notifications\" WHERE \"EnglishText\" LIKE 'Ticket TCK-K-%'";
        await Until(async () => await ScalarAsync(told) >= 1_000, 180, "the sweep did not start");
        await KillTheInstanceRunningAsync("tickets.sla");
        var atKill = await ScalarAsync(told);
        atKill.ShouldBeLessThan(Tickets, "the sweep finished before it could be killed");

        await Until(async () => await ScalarAsync("SELECT count(*) FROM \"TicketSlaTargets\" WHERE \"PolicyId\" = '" + policy + "' AND \"BreachedAt\" IS NOT NULL") == Tickets, 300,
            "the other instance did not finish the sweep");
        (await ScalarAsync(told)).ShouldBe(Tickets, "each breach told the owner once: none lost with the killed instance, none told again by the other");
        (await ScalarAsync("SELECT count(DISTINCT \"EnglishText\") FROM \"Notifications\" WHERE \"EnglishText\" LIKE 'Ticket TCK-K-%'")).ShouldBe(Tickets);
        (await ScalarAsync("SELECT count(*) FROM \"Tickets\" WHERE \"Category\" = 'kill-test' AND \"SlaState\" = 3")).ShouldBe(Tickets);
        Console.WriteLine($"killed at {atKill} of {Tickets} breaches told");
    }

    /// <summary>Kills (SIGKILL) the instance whose Hangfire worker is running the job, and returns it.</summary>
    private async Task<AppCluster.AppInstance> KillTheInstanceRunningAsync(string jobKey)
    {
        AppCluster.AppInstance? worker = null;
        await Until(async () =>
        {
            await using var connection = new NpgsqlConnection(_cluster.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT s.data::text FROM hangfire.job j JOIN hangfire.state s ON s.id = j.stateid WHERE j.statename = 'Processing' AND j.arguments::text LIKE @key", connection);
            command.Parameters.AddWithValue("key", "%" + jobKey + "%");
            await using var reader = await command.ExecuteReaderAsync();
            while (worker is null && await reader.ReadAsync())
            {
                var server = JsonDocument.Parse(reader.GetString(0)).RootElement.GetProperty("ServerId").GetString() ?? "";
                worker = _cluster.Instances.FirstOrDefault(i => i.ProcessId is { } pid && server.Contains($":{pid}:", StringComparison.Ordinal));
            }

            return worker is not null;
        }, 60, $"no instance is running {jobKey}");
        worker!.Kill();
        return worker;
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<string> ScalarTextAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task Until(Func<Task<bool>> condition, int seconds, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, failure);
            await Task.Delay(100);
        }
    }
}
