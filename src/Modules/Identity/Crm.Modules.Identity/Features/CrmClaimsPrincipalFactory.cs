using System.Security.Claims;
using Crm.Modules.Identity.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Identity.Features;

/// <summary>Adds the display name to the sign-in cookie; role permission claims come from the base factory.</summary>
public sealed class CrmClaimsPrincipalFactory(
    UserManager<ApplicationUser> users,
    RoleManager<ApplicationRole> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, ApplicationRole>(users, roles, options)
{
    public const string DisplayNameClaim = "crm:display_name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName! : user.DisplayName));
        if (user.TeamId is { } teamId)
        {
            identity.AddClaim(new Claim(Crm.SharedKernel.Security.PermissionClaims.Team, teamId.ToString()));
        }

        return identity;
    }
}
