namespace Crm.SharedKernel.Messaging;

/// <summary>In-process messaging between the host, modules and their handlers.</summary>
public interface IMediator
{
    Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default);

    Task Publish(INotification notification, CancellationToken cancellationToken = default);
}
