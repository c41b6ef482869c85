using Microsoft.AspNetCore.Authorization;

namespace Crm.SharedKernel.Security;

/// <summary>Requires the signed-in user to hold a permission (through any of their roles).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class HasPermissionAttribute : AuthorizeAttribute
{
    public HasPermissionAttribute(string permission)
        : base(PermissionClaims.PolicyPrefix + permission)
    {
        Permission = permission;
    }

    public string Permission { get; }
}
