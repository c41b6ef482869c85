using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Messaging.Features;

/// <summary>
/// Sends urgent messages (sign-in codes) within about a second of their commit. The outbox job runs one send at a time
/// per instance, and a bulk send of thousands paced to the gateway's rate keeps it busy for minutes; this lane asks only
/// for urgent rows, on its own loop, and claims them the same way, so a message is still handed over once across lanes
/// and instances. What the lane misses (an instance stopped) the outbox job sends in its turn.
/// </summary>
public sealed partial class UrgentLane(IServiceScopeFactory scopes, IOptions<MessagingOptions> options, ILogger<UrgentLane> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.UrgentPoll);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendDueAsync(stoppingToken, urgentOnly: true);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // A database or provider hiccup: the next tick tries again, and the outbox job remains behind it.
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The urgent message lane could not send this round")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
