namespace Crm.SharedKernel.Messaging;

public delegate Task<TResponse> RequestHandlerDelegate<TResponse>();

/// <summary>Wraps every request handler: logging, validation, unit of work.</summary>
public interface IPipelineBehavior<in TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{
    Task<TResponse> Handle(TRequest request, RequestHandlerDelegate<TResponse> next, CancellationToken cancellationToken);
}
