using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Context;

namespace Crm.Infrastructure.Web;

/// <summary>
/// One log line per request (Serilog's request logging) carrying the request's correlation id and, once signed in, the
/// user's id; both are on every other log event of the request too.
/// </summary>
public static class RequestLogging
{
    public const string HeaderName = "X-Correlation-Id";

    /// <summary>First in the pipeline: the correlation id (taken from <c>X-Correlation-Id</c> or made) and the request line.</summary>
    public static void UseCrmRequestLogging(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            var correlationId = context.Request.Headers[HeaderName].FirstOrDefault() is { Length: > 0 and <= 64 } given
                ? given
                : Guid.CreateVersion7().ToString("N");
            context.TraceIdentifier = correlationId;
            context.Response.Headers[HeaderName] = correlationId;
            using (LogContext.PushProperty("CorrelationId", correlationId))
            {
                await next(context);
            }
        });
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.ApplicationServices.GetService<ILogger>();
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            options.EnrichDiagnosticContext = (diagnostics, context) =>
            {
                if (UserId(context) is { } user)
                {
                    diagnostics.Set("UserId", user);
                }
            };
        });
    }

    /// <summary>After authentication: the signed-in user's id on the request's log events.</summary>
    public static void UseCrmUserLogContext(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            using (LogContext.PushProperty("UserId", UserId(context)))
            {
                await next(context);
            }
        });

    private static string? UserId(HttpContext context) => context.User.FindFirstValue(ClaimTypes.NameIdentifier);
}
