namespace Crm.SharedKernel.Messaging;

/// <summary>
/// A request answered by exactly one handler. The platform's names over Mediator's (ADR 0002), so modules read the same
/// whichever library sends them.
/// </summary>
/// <typeparam name="TResponse">What the handler returns.</typeparam>
#pragma warning disable CA1040 // marker interface: it carries the response type
public interface IRequest<TResponse> : Mediator.IRequest<TResponse>;
#pragma warning restore CA1040

/// <summary>
/// A request that changes state. The unit-of-work behaviour wraps its handler in a transaction and
/// saves the changes when it succeeds.
/// </summary>
public interface ICommand<TResponse> : IRequest<TResponse>;
