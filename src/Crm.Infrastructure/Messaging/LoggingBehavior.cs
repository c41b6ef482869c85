using System.Diagnostics;
using Crm.SharedKernel.Messaging;
using Microsoft.Extensions.Logging;

namespace Crm.Infrastructure.Messaging;

public sealed class LoggingBehavior<TRequest, TResponse>(ILogger<LoggingBehavior<TRequest, TResponse>> logger)
    : Mediator.IPipelineBehavior<TRequest, TResponse>
    where TRequest : notnull, Mediator.IMessage
{
    public async ValueTask<TResponse> Handle(TRequest request, Mediator.MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(request, cancellationToken);
            logger.LogInformation("Handled {Request} in {ElapsedMs:0.0} ms", typeof(TRequest).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception ex) when (ex is not FluentValidation.ValidationException)
        {
            logger.LogError(ex, "{Request} failed after {ElapsedMs:0.0} ms", typeof(TRequest).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }
}
