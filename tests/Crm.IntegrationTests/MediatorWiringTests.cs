using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Messaging;
using Crm.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.IntegrationTests;

/// <summary>
/// The generated mediator is built from what the host references, so these check the wiring a reader cannot see: every
/// request a module or contract declares has exactly one handler in the running host, and the pipeline runs in its
/// fixed order.
/// </summary>
public sealed class MediatorWiringTests
{
    private static IEnumerable<Type> RequestTypes() =>
        ModuleRegistry.All.Select(m => m.GetType().Assembly)
            .SelectMany(a => a.GetReferencedAssemblies().Where(r => r.Name!.StartsWith("Crm.Modules.", StringComparison.Ordinal)).Select(System.Reflection.Assembly.Load).Append(a))
            .Distinct()
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsAbstract: false, IsInterface: false } && RequestInterface(t) is not null);

    private static Type? RequestInterface(Type type) =>
        type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>));

    [Fact]
    public async Task Every_request_has_one_handler_and_the_pipeline_runs_logging_validation_then_unit_of_work()
    {
        using var app = new CrmAppFactory(DatabaseProviders.Sqlite);
        await using var scope = app.Services.CreateAsyncScope();

        var requests = RequestTypes().ToList();
        requests.Count.ShouldBeGreaterThan(50); // guards the guard: the scan found the modules' requests
        var missing = requests.Where(t =>
        {
            var handler = typeof(Mediator.IRequestHandler<,>).MakeGenericType(t, RequestInterface(t)!.GetGenericArguments()[0]);
            return scope.ServiceProvider.GetServices(handler).Count() != 1;
        }).Select(t => t.FullName);
        missing.ShouldBeEmpty();

        var behaviours = scope.ServiceProvider.GetServices<Mediator.IPipelineBehavior<Crm.Modules.Identity.Contracts.ResolveOwner, Crm.Modules.Identity.Contracts.OwnerAssignment>>();
        behaviours.Select(b => b.GetType().Name.Split('`')[0]).ShouldBe(["LoggingBehavior", "ValidationBehavior", "UnitOfWorkBehavior"]);
    }
}
