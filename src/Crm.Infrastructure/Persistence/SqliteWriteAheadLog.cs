using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Crm.Infrastructure.Persistence;

/// <summary>
/// Every SQLite database the app opens works in write-ahead-log mode with "normal" syncing: readers are not blocked by
/// the writer, and a commit appends to the log instead of rewriting and syncing the database file twice. A commit
/// survives the app being killed; only a power cut may lose the last commits, which the operating system had not yet
/// written (ADR 0024). The log mode is kept by the file, so it is set once per database and process; the syncing is a
/// setting of each connection.
/// </summary>
public sealed class SqliteWriteAheadLog : DbConnectionInterceptor
{
    public static readonly SqliteWriteAheadLog Instance = new();

    private readonly ConcurrentDictionary<string, bool> _logged = new(StringComparer.Ordinal);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private string Pragmas(DbConnection connection) =>
        _logged.TryAdd(connection.DataSource, true) ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" : "PRAGMA synchronous=NORMAL;";
}
