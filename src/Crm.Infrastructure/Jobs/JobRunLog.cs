using System.Threading.Channels;
using Crm.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Infrastructure.Jobs;

/// <summary>
/// Writes the run history in batches, a moment after the runs end. One commit per run made short jobs 15% slower on
/// SQLite, where every commit waits for the disk; the history is for people to read, so a moment's delay is fine.
/// </summary>
public sealed partial class JobRunLog(IServiceScopeFactory scopes, ILogger<JobRunLog> logger) : BackgroundService
{
    private const int BatchSize = 500;

    private readonly Channel<JobRun> _runs = Channel.CreateUnbounded<JobRun>(new UnboundedChannelOptions { SingleReader = true });

    public void Add(JobRun run) => _runs.Writer.TryWrite(run);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _runs.Reader.WaitToReadAsync(stoppingToken))
            {
                // Gather what ends meanwhile, so a burst of short runs is a few commits rather than one each.
                await Task.Delay(TimeSpan.FromMilliseconds(200), stoppingToken);
                while (await FlushAsync())
                {
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Stopped after the job server (registered before it), so the last runs are written too.
        _runs.Writer.TryComplete();
        while (await FlushAsync())
        {
        }
    }

    private async Task<bool> FlushAsync()
    {
        var batch = new List<JobRun>();
        while (batch.Count < BatchSize && _runs.Reader.TryRead(out var run))
        {
            batch.Add(run);
        }

        if (batch.Count == 0)
        {
            return false;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            db.JobRuns.AddRange(batch);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            LogLost(logger, e, batch.Count);
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} job runs could not be written to the history")]
    private static partial void LogLost(ILogger logger, Exception e, int count);
}
