using Crm.SharedKernel.Security;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Infrastructure.Jobs;

public static class JobsDashboard
{
    public const string Path = "/Jobs/Hangfire";

    /// <summary>Hangfire's own dashboard (retries, failed jobs, servers), for those who may manage jobs.</summary>
    public static void UseCrmJobsDashboard(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetService<JobStorage>() is not { } storage)
        {
            return;
        }

        // A signed-out visitor is sent to sign in, as on every other page, rather than given Hangfire's bare 401.
        app.UseWhen(
            c => c.Request.Path.StartsWithSegments(Path) && c.User.Identity?.IsAuthenticated != true,
            branch => branch.Run(c => c.ChallengeAsync()));
        app.UseHangfireDashboard(Path, new DashboardOptions
        {
            AppPath = "/Jobs",
            DashboardTitle = "CRM",
            DisplayStorageConnectionString = false,
            Authorization = [],
            AsyncAuthorization = [new PermissionFilter(PlatformPermissions.ManageJobs)],
        }, storage);
    }

    /// <summary>The same permission policy as the jobs page.</summary>
    private sealed class PermissionFilter(string permission) : IDashboardAsyncAuthorizationFilter
    {
        public async Task<bool> AuthorizeAsync(DashboardContext context)
        {
            var http = context.GetHttpContext();
            var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
            return (await authorization.AuthorizeAsync(http.User, PermissionClaims.PolicyPrefix + permission)).Succeeded;
        }
    }
}
