using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Crm.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Crm.IntegrationTests;

/// <summary>The app as a real process on a database of its own, to be killed with SIGKILL and started again.</summary>
public static class AppProcesses
{
    /// <summary>Starts the built app on a free port and waits until it answers its readiness check.</summary>
    public static async Task<(Process Process, string Url)> StartAsync(string provider, string connectionString, string dataFolder, IReadOnlyDictionary<string, string>? settings = null)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Crm.sln")))
        {
            root = root.Parent!;
        }

        var web = Path.Combine(root.FullName, "src", "Crm.Web");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Crm.Web.dll"), "--urls", url, "--contentRoot", web])
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["PublicUrl"] = url;
        start.Environment["DataFolder"] = dataFolder;
        start.Environment["Database__Provider"] = provider;
        start.Environment["Database__ConnectionString"] = connectionString;
        start.Environment["Admin__Password"] = CrmAppFactory.AdminPassword;
        start.Environment["RateLimits__PublicPerMinute"] = "100000";
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            process.HasExited.ShouldBeFalse("the app exited at start-up");
            try
            {
                if ((await http.GetAsync(url + "/health/ready")).IsSuccessStatusCode)
                {
                    return (process, url);
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "the app did not start");
            await Task.Delay(250);
        }
    }

    /// <summary>A client of a started app that keeps its cookies and shows redirects instead of following them.</summary>
    public static HttpClient Client(string url) => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(url) };

    /// <summary>A number read straight from the database, the statement's <c>@id</c> bound to <paramref name="id"/>.</summary>
    public static int Scalar(string provider, string connectionString, string sql, Guid id) =>
        Convert.ToInt32(Read(provider, connectionString, sql, id), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A value read straight from the database as text (a Guid in the form the app reads back).</summary>
    public static string Text(string provider, string connectionString, string sql, Guid id) =>
        Read(provider, connectionString, sql, id) switch
        {
            Guid guid => guid.ToString(),
            var value => Guid.Parse(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!).ToString(),
        };

    private static object? Read(string provider, string connectionString, string sql, Guid id)
    {
        using DbConnection connection = provider == DatabaseProviders.Sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        // Guids are text in upper case on SQLite (as EF Core writes them) and uuid on PostgreSQL.
        parameter.Value = provider == DatabaseProviders.Sqlite ? id.ToString().ToUpperInvariant() : id;
        command.Parameters.Add(parameter);
        return command.ExecuteScalar();
    }
}
