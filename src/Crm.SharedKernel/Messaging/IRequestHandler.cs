namespace Crm.SharedKernel.Messaging;

/// <summary>Answers one kind of request: <c>ValueTask&lt;TResponse&gt; Handle(TRequest, CancellationToken)</c>.</summary>
#pragma warning disable CA1040 // the member comes from Mediator's interface
public interface IRequestHandler<in TRequest, TResponse> : Mediator.IRequestHandler<TRequest, TResponse>
    where TRequest : IRequest<TResponse>;
#pragma warning restore CA1040
