using BenchmarkDotNet.Attributes;
using Crm.Modules.Identity.Contracts;
using Crm.SharedKernel.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks;

/// <summary>
/// What the mediator costs a request: one request sent through the platform's whole pipeline (logging, validation, unit
/// of work) against the same handler called directly, each in its own scope as a web request has. The request needs no
/// database (an owner for nobody signed in), so the difference is the mediator's and its behaviours'. The platform's
/// previous mediator (reflection over the container, ADR 0002) is replayed over the same handler and behaviours, so both
/// are measured in one run on one machine.
/// </summary>
[MemoryDiagnoser]
[InProcess] // the generated out-of-process project cannot restore the ASP.NET packages from this feed
public class MediatorBenchmarks
{
    private readonly ResolveOwner _request = new(null);
    private WebApplication _app = null!;
    private string _folder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "crm-bench-mediator-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _app = CustomersScenario.BuildApp("Sqlite", $"Data Source={Path.Combine(_folder, "crm.db")}", _folder, "http://localhost");
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _app.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public async Task<OwnerAssignment> HandlerCalledDirectly()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<Mediator.IRequestHandler<ResolveOwner, OwnerAssignment>>();
        return await handler.Handle(_request, CancellationToken.None);
    }

    [Benchmark]
    public async Task<OwnerAssignment> SentThroughTheMediator()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(_request, CancellationToken.None);
    }

    [Benchmark]
    public async Task<OwnerAssignment> SentThroughThePreviousMediator()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await PreviousMediator.Send(scope.ServiceProvider, _request, CancellationToken.None);
    }

    /// <summary>How the platform's own mediator dispatched, kept only to measure against: a generic invoker made by reflection
    /// per request type and created per call, the handler and behaviours resolved from the container, the chain built per call.</summary>
    private static class PreviousMediator
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Type> InvokerTypes = new();

        public static ValueTask<TResponse> Send<TResponse>(IServiceProvider services, IRequest<TResponse> request, CancellationToken cancellationToken)
        {
            var invokerType = InvokerTypes.GetOrAdd(request.GetType(), static t => typeof(Invoker<,>).MakeGenericType(t, typeof(TResponse)));
            var invoker = (IInvoker<TResponse>)Activator.CreateInstance(invokerType)!;
            return invoker.Invoke(request, services, cancellationToken);
        }

        private interface IInvoker<TResponse>
        {
            ValueTask<TResponse> Invoke(IRequest<TResponse> request, IServiceProvider services, CancellationToken cancellationToken);
        }

        private sealed class Invoker<TRequest, TResponse> : IInvoker<TResponse>
            where TRequest : IRequest<TResponse>
        {
            public ValueTask<TResponse> Invoke(IRequest<TResponse> request, IServiceProvider services, CancellationToken cancellationToken)
            {
                var handler = services.GetRequiredService<Mediator.IRequestHandler<TRequest, TResponse>>();
                Mediator.MessageHandlerDelegate<TRequest, TResponse> next = (r, c) => handler.Handle(r, c);
                foreach (var behavior in services.GetServices<Mediator.IPipelineBehavior<TRequest, TResponse>>().Reverse())
                {
                    var inner = next;
                    next = (r, c) => behavior.Handle(r, inner, c);
                }

                return next((TRequest)request, cancellationToken);
            }
        }
    }
}
