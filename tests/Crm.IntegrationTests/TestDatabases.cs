using Crm.Infrastructure.Persistence;
using Npgsql;

namespace Crm.IntegrationTests;

/// <summary>
/// Where the test databases live. PostgreSQL comes from <c>CRM_TEST_POSTGRES</c> (a connection string to a
/// server the test script started); each test class gets a database of its own, dropped afterwards.
/// </summary>
public static class TestDatabases
{
    public static string? PostgresServer => Environment.GetEnvironmentVariable("CRM_TEST_POSTGRES");

    public static string NewConnectionString(string provider)
    {
        var name = "crm_test_" + Guid.NewGuid().ToString("N")[..12];
        if (provider == DatabaseProviders.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "crm-tests");
            Directory.CreateDirectory(folder);
            return $"Data Source={Path.Combine(folder, name + ".db")};Pooling=False";
        }

        var server = PostgresServer ?? throw new InvalidOperationException("CRM_TEST_POSTGRES is not set: start PostgreSQL with ./build.sh test.");
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public static void Drop(string provider, string connectionString)
    {
        if (provider == DatabaseProviders.Sqlite)
        {
            var path = connectionString.Split(';')[0]["Data Source=".Length..];
            File.Delete(path);
            return;
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var database = builder.Database;
        builder.Database = "postgres";
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)";
        command.ExecuteNonQuery();
    }
}
