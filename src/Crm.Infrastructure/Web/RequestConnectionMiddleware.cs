using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Infrastructure.Web;

/// <summary>
/// Keeps one database connection open for the whole of a page request. A record page asks a dozen small questions
/// (the record, each panel, the bell), and taking a pooled connection and giving it back around each one costs about
/// as much as asking; EF Core leaves a connection it did not open alone, so every query of the request shares it.
/// A page marked <see cref="ReadsFromReplicaAttribute"/> opens it on the read replica, when one is configured.
/// </summary>
public sealed class RequestConnectionMiddleware(RequestDelegate next, ReadReplica replica)
{
    public async Task InvokeAsync(HttpContext context, CrmDbContext db)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<ControllerActionDescriptor>() is null)
        {
            await next(context);
            return;
        }

        var primary = db.Database.GetConnectionString();
        var onReplica = replica.ConnectionString is { Length: > 0 } && endpoint.Metadata.GetMetadata<ReadsFromReplicaAttribute>() is not null
            && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method));
        if (onReplica)
        {
            db.Database.SetConnectionString(replica.ConnectionString);
        }

        try
        {
            await db.Database.OpenConnectionAsync(context.RequestAborted);
            await next(context);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
            if (onReplica)
            {
                // The error page a failed report re-executes to uses this same context: it reads from the primary.
                db.Database.SetConnectionString(primary);
            }
        }
    }
}
