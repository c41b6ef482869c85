using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Crm.Infrastructure.Persistence;

namespace Crm.IntegrationTests;

/// <summary>
/// The import worker killed with SIGKILL in the middle of a run, then the app started again on the same database:
/// the run is resumed from its last committed batch and ends with every row imported exactly once.
/// </summary>
public abstract class ImportCrashTests(string provider)
{
    private const int Rows = 60_000;

    [Fact]
    public async Task An_import_killed_mid_run_resumes_after_a_restart_and_imports_every_row_once()
    {
        var connectionString = TestDatabases.NewConnectionString(provider);
        var dataFolder = Path.Combine(Path.GetTempPath(), "crm-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var (first, url) = await StartAsync(connectionString, dataFolder);
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(url) };
            await client.SignInOk("admin", CrmAppFactory.AdminPassword);
            var csv = new StringBuilder("Name,Mobile\n");
            for (var i = 0; i < Rows; i++)
            {
                csv.Append(CultureInvariant($"Person {i},0912{1_000_000 + i}\n"));
            }

            var (mapUrl, _) = await TestSupport.UploadAsync(client, "leads", "crash.csv", Encoding.UTF8.GetBytes(csv.ToString()));
            var id = Guid.Parse(mapUrl.Split('/').Last());
            (await client.PostForm(mapUrl, mapUrl, ("mapping[0]", "FullName"), ("mapping[1]", "Mobile"), ("duplicates", "Create"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

            // Kill the process as soon as some batches are committed and well before the end.
            var deadline = DateTime.UtcNow.AddSeconds(120);
            int created;
            while ((created = (await StatusAsync(client, id)).GetProperty("created").GetInt32()) < 2000)
            {
                DateTime.UtcNow.ShouldBeLessThan(deadline, "the import did not start");
                await Task.Delay(20);
            }

            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
            created.ShouldBeLessThan(Rows, "the import finished before it could be killed");
            CountLeads(connectionString, id).ShouldBeLessThan(Rows);

            var (second, secondUrl) = await StartAsync(connectionString, dataFolder);
            try
            {
                using var again = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(secondUrl) };
                await again.SignInOk("admin", CrmAppFactory.AdminPassword);
                deadline = DateTime.UtcNow.AddSeconds(180);
                JsonElement status;
                while (!(status = await StatusAsync(again, id)).GetProperty("done").GetBoolean())
                {
                    DateTime.UtcNow.ShouldBeLessThan(deadline, "the import was not resumed");
                    await Task.Delay(500);
                }

                status.GetProperty("status").GetString().ShouldBe("Completed");
                status.GetProperty("created").GetInt32().ShouldBe(Rows);
                status.GetProperty("failed").GetInt32().ShouldBe(0);
                CountLeads(connectionString, id).ShouldBe(Rows);
                CountDistinctMobiles(connectionString, id).ShouldBe(Rows);
                Directory.GetFiles(Path.Combine(dataFolder, "imports")).ShouldBeEmpty();
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

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    private static async Task<JsonElement> StatusAsync(HttpClient client, Guid id) =>
        JsonDocument.Parse(await client.GetStringAsync($"/Imports/Status/{id}")).RootElement.Clone();

    private int CountLeads(string connectionString, Guid id) => Scalar(connectionString, "SELECT COUNT(*) FROM \"Leads\" WHERE \"ImportId\" = @id", id);

    private int CountDistinctMobiles(string connectionString, Guid id) => Scalar(connectionString, "SELECT COUNT(DISTINCT \"MobileKey\") FROM \"Leads\" WHERE \"ImportId\" = @id", id);

    private int Scalar(string connectionString, string sql, Guid id) => AppProcesses.Scalar(provider, connectionString, sql, id);

    private Task<(Process Process, string Url)> StartAsync(string connectionString, string dataFolder) =>
        AppProcesses.StartAsync(provider, connectionString, dataFolder, new Dictionary<string, string> { ["Imports__StaleAfter"] = "00:00:03" });
}

public sealed class SqliteImportCrashTests() : ImportCrashTests(DatabaseProviders.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresImportCrashTests() : ImportCrashTests(DatabaseProviders.PostgreSql);
