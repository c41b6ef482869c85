using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Crm.Infrastructure.Persistence;

public static class DatabaseProviders
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSql";

    public const string NpgsqlProviderName = "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>Collation of search-key columns in a migration: byte order ("C") on PostgreSQL, the default elsewhere.</summary>
    public static string? SearchKeyCollation(this Microsoft.EntityFrameworkCore.Migrations.MigrationBuilder migration) =>
        migration.ActiveProvider == NpgsqlProviderName ? "C" : null;

    /// <summary>Points a context at the configured provider. One set of migrations serves both.</summary>
    public static DbContextOptionsBuilder UseConfiguredProvider(this DbContextOptionsBuilder builder, string provider, string connectionString)
    {
        if (string.Equals(provider, PostgreSql, StringComparison.OrdinalIgnoreCase))
        {
            builder.UseNpgsql(connectionString);
        }
        else if (string.Equals(provider, Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            builder.UseSqlite(connectionString);
        }
        else
        {
            throw new InvalidOperationException($"Unknown database provider '{provider}'. Use '{Sqlite}' or '{PostgreSql}'.");
        }

        // Migrations are hand-written (no EF design-time tooling here), so there is no model snapshot;
        // the schema-drift test guards that migrations and model agree instead.
        return builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }
}
