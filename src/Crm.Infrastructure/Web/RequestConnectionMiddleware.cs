using Crm.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Infrastructure.Web;

/// <summary>
/// Keeps one database connection open for the whole of a page request. A record page asks a dozen small questions
/// (the record, each panel, the bell), and taking a pooled connection and giving it back around each one costs about
/// as much as asking; EF Core leaves a connection it did not open alone, so every query of the request shares it.
/// </summary>
public sealed class RequestConnectionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, CrmDbContext db)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ControllerActionDescriptor>() is null)
        {
            await next(context);
            return;
        }

        await db.Database.OpenConnectionAsync(context.RequestAborted);
        try
        {
            await next(context);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
