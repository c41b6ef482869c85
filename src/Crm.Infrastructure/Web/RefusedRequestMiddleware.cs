using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Crm.Infrastructure.Web;

/// <summary>
/// A request refused for its shape (a body over the size limit, more than 1,024 form fields, a key of thousands of
/// characters) gets 413 or 400 with the localized error page. Left to the general handler it became a 500 whose error
/// page tried to read the same form again and broke the response.
/// </summary>
public sealed class RefusedRequestMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted && StatusFor(ex) is { } status)
        {
            context.Response.Clear();
            var request = context.Request;
            (request.Method, request.Path, request.QueryString) = ("GET", $"/errors/{status}", QueryString.Empty);
            (request.ContentType, request.ContentLength, request.Body) = (null, 0, Stream.Null);
            context.Features.Set<IFormFeature>(new FormFeature(FormCollection.Empty));
            context.SetEndpoint(null);
            request.RouteValues.Clear();
            await next(context);
            context.Response.StatusCode = status;
        }
    }

    private static int? StatusFor(Exception ex) => ex switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        InvalidDataException when ex.StackTrace?.Contains("Form", StringComparison.Ordinal) == true => StatusCodes.Status400BadRequest,
        _ => null,
    };
}
