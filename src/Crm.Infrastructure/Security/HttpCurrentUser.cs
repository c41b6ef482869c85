using System.Security.Claims;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Http;

namespace Crm.Infrastructure.Security;

/// <summary>The signed-in user of the current request; nobody (system) outside a request.</summary>
public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public Guid? UserId =>
        Guid.TryParse(Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public string? UserName => Principal?.Identity?.IsAuthenticated == true ? Principal.Identity.Name : null;

    public Guid? TeamId =>
        Guid.TryParse(Principal?.FindFirstValue(PermissionClaims.Team), out var id) ? id : null;

    public bool HasPermission(string permission) =>
        Principal?.HasClaim(PermissionClaims.Type, permission) == true;
}
