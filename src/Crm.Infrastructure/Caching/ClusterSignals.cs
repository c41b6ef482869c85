using System.Threading.Channels;
using Crm.SharedKernel.Caching;
using Crm.SharedKernel.Domain;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Crm.Infrastructure.Caching;

/// <summary>
/// Carries "drop this" between the app instances on one PostgreSQL database with LISTEN/NOTIFY (no other server):
/// saves of watched entity types (sent by <see cref="Persistence.CrmDbContext"/> on the saving connection, so they
/// leave only when the transaction commits) and memory-cache keys (<see cref="ISharedCacheInvalidation"/>). Each
/// instance listens on one connection of its own; when that connection is lost, notices may have been missed, so on
/// reconnecting the instance drops everything it keeps. On SQLite (one instance) nothing leaves the process.
/// </summary>
public sealed partial class ClusterSignals(
    IMemoryCache cache,
    IServiceProvider services,
    ClusterSignalOptions options,
    ILogger<ClusterSignals> logger) : BackgroundService, ISharedCacheInvalidation
{
    public const string Channel = "crm_cache";

    private const char SavedKind = 't';
    private const char KeyKind = 'k';
    private const int MaxPayload = 7900; // PostgreSQL refuses a notice of 8000 bytes or more

    private readonly Channel<string> _outgoing = System.Threading.Channels.Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private Dictionary<string, Type>? _watched;
    private List<ISavedChangesListener>? _listeners;

    /// <summary>Notices this instance has received from the database (its own included); for tests and diagnostics.</summary>
    public long Received => Interlocked.Read(ref _received);

    private long _received;

    public void Remove(string key)
    {
        cache.Remove(key);
        if (options.ConnectionString is not null && key.Length < MaxPayload / 2)
        {
            _outgoing.Writer.TryWrite(KeyKind + key);
        }
    }

    /// <summary>The notice a save of these types sends, or null when the payload would be too long (then every type is dropped).</summary>
    public static string SavedPayload(IEnumerable<Type> types)
    {
        var payload = SavedKind + string.Join(',', types.Select(t => t.FullName));
        return payload.Length <= MaxPayload ? payload : SavedKind + "*";
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.ConnectionString is null)
        {
            return;
        }

        await using var source = NpgsqlDataSource.Create(options.ConnectionString);
        var sending = SendAsync(source, stoppingToken);
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await source.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Receive(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                if (!first)
                {
                    DropEverything();
                }

                first = false;
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or System.IO.IOException or InvalidOperationException)
            {
                LogListenLost(logger, e);
                first = false;
                await Task.Delay(options.ReconnectDelay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        _outgoing.Writer.TryComplete();
        await sending.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task SendAsync(NpgsqlDataSource source, CancellationToken stoppingToken)
    {
        await foreach (var payload in _outgoing.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var command = source.CreateCommand("SELECT pg_notify($1, $2)");
                command.Parameters.Add(new NpgsqlParameter { Value = Channel });
                command.Parameters.Add(new NpgsqlParameter { Value = payload });
                await command.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (NpgsqlException e)
            {
                // The other instances' entries still expire by time.
                LogSendFailed(logger, e);
            }
        }
    }

    internal void Receive(string payload)
    {
        Interlocked.Increment(ref _received);
        if (payload.Length < 2)
        {
            return;
        }

        var body = payload[1..];
        if (payload[0] == KeyKind)
        {
            cache.Remove(body);
        }
        else if (payload[0] == SavedKind)
        {
            var watched = Watched();
            var types = body == "*"
                ? watched.Values.ToHashSet()
                : body.Split(',').Select(n => watched.GetValueOrDefault(n)).OfType<Type>().ToHashSet();
            Tell(types);
        }
    }

    private void DropEverything()
    {
        (cache as MemoryCache)?.Compact(1.0);
        Tell(Watched().Values.ToHashSet());
    }

    private void Tell(HashSet<Type> types)
    {
        if (types.Count == 0)
        {
            return;
        }

        foreach (var listener in Listeners().Where(l => l.Watches.Overlaps(types)))
        {
            listener.Saved(types);
        }
    }

    private List<ISavedChangesListener> Listeners() =>
        _listeners ??= [.. services.GetServices<ISavedChangesListener>()];

    private Dictionary<string, Type> Watched() =>
        _watched ??= Listeners().SelectMany(l => l.Watches).Distinct().ToDictionary(t => t.FullName!, StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the connection that hears other instances' cache notices; listening again (everything cached here is dropped)")]
    private static partial void LogListenLost(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the other instances to drop a cache entry; theirs expires by time")]
    private static partial void LogSendFailed(ILogger logger, Exception exception);
}

/// <summary>The PostgreSQL database the instances share, or null (SQLite: one instance, nothing to tell).</summary>
public sealed record ClusterSignalOptions(string? ConnectionString)
{
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);
}
