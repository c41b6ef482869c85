using Crm.Infrastructure.Messaging;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Messaging;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.UnitTests;

public sealed class MediatorTests
{
    public sealed record Greet(string Name) : IRequest<string>;

    public sealed class GreetHandler : IRequestHandler<Greet, string>
    {
        public ValueTask<string> Handle(Greet request, CancellationToken cancellationToken) => ValueTask.FromResult($"hello {request.Name}");
    }

    public sealed class GreetValidator : AbstractValidator<Greet>
    {
        public GreetValidator() => RuleFor(g => g.Name).NotEmpty();
    }

    public sealed record Happened(int Value) : INotification;

    public sealed class Recorder
    {
        public List<string> Calls { get; } = [];
    }

    public sealed class FirstListener(Recorder recorder) : INotificationHandler<Happened>
    {
        public ValueTask Handle(Happened notification, CancellationToken cancellationToken)
        {
            recorder.Calls.Add($"first {notification.Value}");
            return ValueTask.CompletedTask;
        }
    }

    public sealed class SecondListener(Recorder recorder) : INotificationHandler<Happened>
    {
        public ValueTask Handle(Happened notification, CancellationToken cancellationToken)
        {
            recorder.Calls.Add($"second {notification.Value}");
            return ValueTask.CompletedTask;
        }
    }

    public sealed class Tracing<TRequest, TResponse>(Recorder recorder) : Mediator.IPipelineBehavior<TRequest, TResponse>
        where TRequest : notnull, Mediator.IMessage
    {
        public async ValueTask<TResponse> Handle(TRequest request, Mediator.MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
        {
            recorder.Calls.Add("before");
            var response = await next(request, cancellationToken);
            recorder.Calls.Add("after");
            return response;
        }
    }

    private static ServiceProvider Build(bool withTracing = false)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<Recorder>();
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.NotificationPublisherType = typeof(ModuleNotificationPublisher);
        });
        services.AddScoped<IMediator, PlatformMediator>();
        if (withTracing)
        {
            services.AddScoped(typeof(Mediator.IPipelineBehavior<,>), typeof(Tracing<,>));
        }

        services.AddScoped(typeof(Mediator.IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddValidatorsFrom(typeof(MediatorTests).Assembly);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Sends_a_request_through_the_behaviours_to_its_handler()
    {
        using var provider = Build(withTracing: true);
        var mediator = provider.GetRequiredService<IMediator>();
        (await mediator.Send(new Greet("Sara"))).ShouldBe("hello Sara");
        provider.GetRequiredService<Recorder>().Calls.ShouldBe(["before", "after"]);
    }

    [Fact]
    public async Task Invalid_requests_never_reach_the_handler()
    {
        using var provider = Build();
        var ex = await Should.ThrowAsync<ValidationException>(() => provider.GetRequiredService<IMediator>().Send(new Greet("")).AsTask());
        ex.Errors.ShouldHaveSingleItem().PropertyName.ShouldBe("Name");
    }

    [Fact]
    public async Task Notifications_reach_every_listener()
    {
        using var provider = Build();
        await provider.GetRequiredService<IMediator>().Publish(new Happened(7));
        // One after another, in the order they were registered.
        provider.GetRequiredService<Recorder>().Calls.ShouldBe(["first 7", "second 7"]);
    }
}
