using Crm.Modules.Identity.Features;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Crm.Modules.Identity.Web;

/// <summary>Marks what a user who must still change their one-time password may reach: the change form and signing out.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class AllowedBeforePasswordChangeAttribute : Attribute;

/// <summary>
/// Until a user signed in with a one-time password has set their own, every page and every form post sends them to
/// the change form instead of running (public pages aside). The cookie carries the duty as a claim, renewed when the
/// password is changed, so the check costs no database round trip.
/// </summary>
public sealed class PasswordChangeRequiredFilter : IAuthorizationFilter, IOrderedFilter
{
    public const string ChangePasswordPath = "/Identity/Account/ChangePassword";

    // Before the permission checks, so a post the user may not even make still lands on the change form.
    public int Order => -1000;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var user = context.HttpContext.User;
        if (user.Identity?.IsAuthenticated != true || !user.HasClaim(c => c.Type == CrmClaimsPrincipalFactory.MustChangePasswordClaim))
        {
            return;
        }

        var metadata = context.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any() || metadata.OfType<AllowedBeforePasswordChangeAttribute>().Any())
        {
            return;
        }

        context.Result = new RedirectResult(ChangePasswordPath);
    }
}
