using System.Collections.Concurrent;
using Crm.SharedKernel.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Infrastructure.Messaging;

/// <summary>
/// Resolves the handler of a request from the container and runs it inside the registered pipeline
/// behaviours (outermost first, in registration order).
/// </summary>
public sealed class Mediator(IServiceProvider services) : IMediator
{
    private static readonly ConcurrentDictionary<Type, Type> InvokerTypes = new();

    public Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invokerType = InvokerTypes.GetOrAdd(request.GetType(),
            static t => typeof(RequestInvoker<,>).MakeGenericType(t, typeof(TResponse)));
        var invoker = (IRequestInvoker<TResponse>)Activator.CreateInstance(invokerType)!;
        return invoker.Invoke(request, services, cancellationToken);
    }

    public async Task Publish(INotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var handlerType = typeof(INotificationHandler<>).MakeGenericType(notification.GetType());
        foreach (var handler in services.GetServices(handlerType))
        {
            var method = handlerType.GetMethod(nameof(INotificationHandler<INotification>.Handle))!;
            await ((Task)method.Invoke(handler, [notification, cancellationToken])!).ConfigureAwait(false);
        }
    }

    private interface IRequestInvoker<TResponse>
    {
        Task<TResponse> Invoke(IRequest<TResponse> request, IServiceProvider services, CancellationToken cancellationToken);
    }

    private sealed class RequestInvoker<TRequest, TResponse> : IRequestInvoker<TResponse>
        where TRequest : IRequest<TResponse>
    {
        public Task<TResponse> Invoke(IRequest<TResponse> request, IServiceProvider services, CancellationToken cancellationToken)
        {
            var typed = (TRequest)request;
            var handler = services.GetService<IRequestHandler<TRequest, TResponse>>()
                ?? throw new InvalidOperationException($"No handler is registered for {typeof(TRequest).Name}.");
            RequestHandlerDelegate<TResponse> next = () => handler.Handle(typed, cancellationToken);
            foreach (var behavior in services.GetServices<IPipelineBehavior<TRequest, TResponse>>().Reverse())
            {
                var inner = next;
                next = () => behavior.Handle(typed, inner, cancellationToken);
            }

            return next();
        }
    }
}
