using System.Security.Claims;
using Crm.Modules.Identity.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Identity.Features;

/// <summary>Adds the display name, team and a pending password change to the sign-in cookie; role permission claims come from the base factory.</summary>
public sealed class CrmClaimsPrincipalFactory(
    UserManager<ApplicationUser> users,
    RoleManager<ApplicationRole> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, ApplicationRole>(users, roles, options)
{
    public const string DisplayNameClaim = "crm:display_name";

    /// <summary>Present while the user still signs in with a one-time password they must replace.</summary>
    public const string MustChangePasswordClaim = "crm:must_change_password";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName! : user.DisplayName));
        if (user.TeamId is { } teamId)
        {
            identity.AddClaim(new Claim(Crm.SharedKernel.Security.PermissionClaims.Team, teamId.ToString()));
        }

        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(MustChangePasswordClaim, "true"));
        }

        return identity;
    }
}
