using Crm.Infrastructure.Persistence;
using Npgsql;

namespace Crm.Benchmarks;

/// <summary>
/// A throw-away database for one benchmark run: a SQLite file in a temporary data folder, or a new database on the
/// PostgreSQL server (<c>--pg</c> or <c>CRM_BENCH_POSTGRES</c>, the test server by default), dropped afterwards.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _database;

    private BenchDatabase(string provider, string server)
    {
        Provider = provider;
        Postgres = string.Equals(provider, DatabaseProviders.PostgreSql, StringComparison.OrdinalIgnoreCase);
        DataFolder = Path.Combine(Path.GetTempPath(), "crm-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataFolder);
        _server = server;
        _database = "crm_bench_" + Guid.NewGuid().ToString("N")[..8];
        ConnectionString = Postgres
            ? new NpgsqlConnectionStringBuilder(server) { Database = _database, CommandTimeout = 600 }.ConnectionString
            : $"Data Source={Path.Combine(DataFolder, "crm.db")}";
    }

    public string Provider { get; }

    public bool Postgres { get; }

    public string DataFolder { get; }

    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(BenchOptions options)
    {
        var server = options.Get("pg", Environment.GetEnvironmentVariable("CRM_BENCH_POSTGRES") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres");
        var database = new BenchDatabase(options.Get("provider", DatabaseProviders.Sqlite), server);
        if (database.Postgres)
        {
            await ExecuteAsync(server, $"CREATE DATABASE {database._database}");
        }

        return database;
    }

    /// <summary>Fresh planner statistics after seeding (PostgreSQL); SQLite plans from its indexes alone.</summary>
    public Task AnalyzeAsync() => Postgres ? ExecuteAsync(ConnectionString, "VACUUM ANALYZE") : Task.CompletedTask;

    /// <summary>
    /// Writes the seeded rows out of the write-ahead log (a PostgreSQL checkpoint, SQLite's WAL checkpoint), so the first
    /// page measured does not share the disk with that flush.
    /// </summary>
    public async Task SettleAsync()
    {
        if (Postgres)
        {
            await ExecuteAsync(ConnectionString, "CHECKPOINT");
            return;
        }

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (Postgres)
        {
            await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(DataFolder, recursive: true);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
