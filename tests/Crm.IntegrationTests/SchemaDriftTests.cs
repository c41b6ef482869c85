using System.Data.Common;
using Crm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.IntegrationTests;

/// <summary>
/// Migrations are hand-written, so this is what keeps them honest: a database built by the migrations
/// and one built from the model must have the same tables, columns, types, nullability, keys, indexes
/// and foreign keys.
/// </summary>
public abstract class SchemaDriftTests(string provider)
{
    [Fact]
    public async Task Migrations_build_exactly_the_schema_the_model_describes()
    {
        using var app = new CrmAppFactory(provider);
        _ = app.Server; // starts the app, which migrates its database

        var fromModel = TestDatabases.NewConnectionString(provider);
        try
        {
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
                db.Database.SetConnectionString(fromModel);
                (await db.Database.EnsureCreatedAsync()).ShouldBeTrue();
            }

            var migrated = await ReadSchema(app, app.ConnectionString);
            var modelled = await ReadSchema(app, fromModel);
            migrated.ShouldNotBeEmpty();
            // EF's migration bookkeeping is not ours to compare. The job store keeps its tables out of the application's
            // schema (schema "hangfire" on PostgreSQL, its own file on SQLite), so nothing else may be here.
            migrated.Where(l => !l.Contains("__EFMigrations", StringComparison.Ordinal)).ToList()
                .ShouldBe(modelled, ignoreOrder: false);
        }
        finally
        {
            TestDatabases.Drop(provider, fromModel);
        }
    }

    private async Task<List<string>> ReadSchema(CrmAppFactory app, string connectionString)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        db.Database.SetConnectionString(connectionString);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var sql = provider == DatabaseProviders.Sqlite ? SqliteSchemaSql : PostgresSchemaSql;
        var lines = new List<string>();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines.OrderBy(l => l, StringComparer.Ordinal).ToList();
    }

    private const string SqliteSchemaSql = """
        SELECT 'column ' || m.name || '.' || c.name || ' ' || c.type || (CASE WHEN c."notnull" THEN ' not null' ELSE ' null' END) || (CASE WHEN c.pk > 0 THEN ' pk' || c.pk ELSE '' END)
          FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
        UNION ALL
        SELECT 'index ' || m.name || '.' || il.name || (CASE WHEN il."unique" THEN ' unique' ELSE '' END) || ' (' ||
               (SELECT group_concat(ii.name, ',') FROM pragma_index_info(il.name) ii) || ')'
          FROM sqlite_master m JOIN pragma_index_list(m.name) il WHERE m.type = 'table' AND il.origin = 'c'
        UNION ALL
        SELECT 'fk ' || m.name || '.' || f."from" || ' -> ' || f."table" || '.' || f."to" || ' on delete ' || f.on_delete
          FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'
        """;

    private const string PostgresSchemaSql = """
        SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
               || (CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE ' null' END) || (CASE WHEN is_identity = 'YES' THEN ' identity' ELSE '' END)
          FROM information_schema.columns WHERE table_schema = 'public'
        UNION ALL
        SELECT 'index ' || tablename || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
        UNION ALL
        SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
          FROM pg_constraint WHERE connamespace = 'public'::regnamespace
        """;
}

public sealed class SqliteSchemaDriftTests() : SchemaDriftTests(DatabaseProviders.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresSchemaDriftTests() : SchemaDriftTests(DatabaseProviders.PostgreSql);
