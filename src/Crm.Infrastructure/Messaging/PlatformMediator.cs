using Crm.SharedKernel.Messaging;

namespace Crm.Infrastructure.Messaging;

/// <summary>
/// The platform's mediator contract over the one Mediator.SourceGenerator writes into the host at build time (ADR 0002):
/// requests go to their generated handler switch, notifications to every handler of the notification's own type.
/// </summary>
public sealed class PlatformMediator(Mediator.IMediator generated) : IMediator
{
    public ValueTask<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return generated.Send(request, cancellationToken);
    }

    public ValueTask Publish(INotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return generated.Publish(notification, cancellationToken);
    }
}
