using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Crm.Infrastructure.Security;

/// <summary>Builds a policy for each <c>permission:x</c> name on demand: signed in and holding permission x.</summary>
public sealed class PermissionPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (!policyName.StartsWith(PermissionClaims.PolicyPrefix, StringComparison.Ordinal))
        {
            return await base.GetPolicyAsync(policyName);
        }

        var permission = policyName[PermissionClaims.PolicyPrefix.Length..];
        return new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(PermissionClaims.Type, permission).Build();
    }
}
