namespace Crm.Infrastructure.Persistence;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (default, zero set-up) or <c>PostgreSql</c>.</summary>
    public string Provider { get; set; } = DatabaseProviders.Sqlite;

    /// <summary>Connection string; for SQLite, empty means <c>App_Data/crm.db</c> under the app's folder.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// PostgreSQL only: a read replica (a standby kept by streaming replication) the report pages read from; empty
    /// sends them to the primary.
    /// </summary>
    public string? ReportsConnectionString { get; set; }

    /// <summary>Apply pending migrations when the app starts.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
