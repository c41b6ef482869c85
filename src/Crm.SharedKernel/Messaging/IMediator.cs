namespace Crm.SharedKernel.Messaging;

/// <summary>In-process messaging between the host, modules and their handlers.</summary>
public interface IMediator
{
    ValueTask<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default);

    ValueTask Publish(INotification notification, CancellationToken cancellationToken = default);
}
