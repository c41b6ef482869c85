using System.Reflection;
using Crm.SharedKernel.Modules;

namespace Crm.Infrastructure.Messaging;

/// <summary>
/// Delivers a notification to its handlers one after another, in registration order, stopping at the first that throws
/// (so a failing listener fails the publisher's request, as before). The generated mediator knows every handler the host
/// was built with; this passes over those of modules switched off in configuration.
/// </summary>
public sealed class ModuleNotificationPublisher(IEnumerable<ICrmModule> loadedModules) : Mediator.INotificationPublisher
{
    private readonly HashSet<Assembly> _switchedOn = [.. loadedModules.Select(m => m.GetType().Assembly)];

    public async ValueTask Publish<TNotification>(Mediator.NotificationHandlers<TNotification> handlers, TNotification notification, CancellationToken cancellationToken)
        where TNotification : Mediator.INotification
    {
        foreach (var handler in handlers)
        {
            if (IsModuleHandler(handler) && !_switchedOn.Contains(handler.GetType().Assembly))
            {
                continue;
            }

            await handler.Handle(notification, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsModuleHandler(object handler) =>
        handler.GetType().Assembly.GetName().Name?.StartsWith("Crm.Modules.", StringComparison.Ordinal) == true;
}
