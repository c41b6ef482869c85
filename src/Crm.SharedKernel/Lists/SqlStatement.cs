using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.SharedKernel.Lists;

/// <summary>
/// A hand-written read statement, for the few list pages where EF Core's own work per query (building and looking up
/// the query, then the command and the materialiser) cost as much as the statement itself. It runs on the context's
/// connection and transaction, and binds each value in the form EF Core stores its type in (a Guid is upper-case text
/// on SQLite, uuid on PostgreSQL), so comparisons behave exactly as in EF Core's queries. Every statement written this
/// way keeps its LINQ form beside it and a test that both return the same rows.
/// </summary>
public sealed class SqlStatement(DbContext db)
{
    private const string PostgresProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    private readonly StringBuilder text = new(1024);
    private readonly List<(string Name, object Value)> values = [];

    public bool OnPostgres => db.Database.ProviderName == PostgresProvider;

    public SqlStatement Append(string sql)
    {
        text.Append(sql);
        return this;
    }

    /// <summary>Adds a value as a parameter and returns its placeholder.</summary>
    public string Value(object value)
    {
        var name = "@p" + values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        values.Add((name, value));
        return name;
    }

    /// <summary>"<paramref name="column"/> contains <paramref name="value"/>", case-sensitive, as EF Core writes <c>string.Contains</c>.</summary>
    public string Contains(string column, string value) =>
        (OnPostgres ? "strpos(" : "instr(") + column + ", " + Value(value) + ") > 0";

    public override string ToString() => text.ToString();

    public async Task<List<T>> ReadAsync<T>(Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        var mappings = db.GetService<IRelationalTypeMappingSource>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = text.ToString();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            foreach (var (name, value) in values)
            {
                var mapping = mappings.FindMapping(value.GetType())
                    ?? throw new InvalidOperationException($"No database type for a {value.GetType().Name} parameter.");
                command.Parameters.Add(mapping.CreateParameter(command, name, value, nullable: false));
            }

            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(read(reader));
            }

            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
