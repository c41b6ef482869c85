using BenchmarkDotNet.Attributes;
using Crm.Modules.Identity.Contracts;
using Crm.SharedKernel.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks;

/// <summary>
/// What the mediator costs a request: one request sent through the platform's whole pipeline (logging, validation, unit
/// of work) against the same handler called directly, each in its own scope as a web request has. The request needs no
/// database (an owner for nobody signed in), so the difference is the mediator's and its behaviours'.
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
        var handler = scope.ServiceProvider.GetRequiredService<IRequestHandler<ResolveOwner, OwnerAssignment>>();
        return await handler.Handle(_request, CancellationToken.None);
    }

    [Benchmark]
    public async Task<OwnerAssignment> SentThroughTheMediator()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(_request, CancellationToken.None);
    }
}
