using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Infrastructure.Persistence;

public static class DatabaseProviders
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSql";

    public const string NpgsqlProviderName = SharedKernel.Data.MigrationBuilderExtensions.NpgsqlProviderName;

    /// <summary>Points a context at the configured provider. One set of migrations serves both.</summary>
    public static DbContextOptionsBuilder UseConfiguredProvider(this DbContextOptionsBuilder builder, string provider, string connectionString)
    {
        if (string.Equals(provider, PostgreSql, StringComparison.OrdinalIgnoreCase))
        {
            builder.UseNpgsql(connectionString);
        }
        else if (string.Equals(provider, Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            builder.UseSqlite(connectionString).AddInterceptors(SqliteWriteAheadLog.Instance);
        }
        else
        {
            throw new InvalidOperationException($"Unknown database provider '{provider}'. Use '{Sqlite}' or '{PostgreSql}'.");
        }

        // Each owner keeps its migrations in its own assembly; the host's catalog collects them.
        // They are hand-written (no EF design-time tooling here), so there is no model snapshot;
        // the schema-drift test guards that migrations and model agree instead.
        return builder.ReplaceService<IMigrationsAssembly, ModuleMigrationsAssembly>()
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }
}
