using Crm.Modules.Identity.Contracts;
using Crm.Modules.Identity.Data;
using Crm.Modules.Identity.Domain;
using Crm.Modules.Identity.Features;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Modules.Identity;

/// <summary>Sign-in, users, roles and teams: the administration module every other module relies on.</summary>
public sealed class IdentityModule : ICrmModule
{
    public const string ModuleName = "Identity";

    public string Name => ModuleName;

    public IEnumerable<PermissionDefinition> Permissions =>
    [
        new(IdentityPermissions.ManageUsers, [CrmRoles.Administrator]),
        new(IdentityPermissions.ManageTeams, [CrmRoles.Administrator]),
        new(IdentityPermissions.ViewAudit, [CrmRoles.Administrator, CrmRoles.SalesManager]),
    ];

    public IEnumerable<MenuEntry> MenuEntries =>
    [
        new("Menu_Users", typeof(IdentityResources), ModuleName, "Users", "Index", "people", IdentityPermissions.ManageUsers, MenuGroups.Administration, 10),
        new("Menu_Teams", typeof(IdentityResources), ModuleName, "Teams", "Index", "diagram-3", IdentityPermissions.ManageTeams, MenuGroups.Administration, 20),
    ];

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AdminBootstrapOptions>(configuration.GetSection(AdminBootstrapOptions.Section));
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(mvc => mvc.Filters.Add(new Web.PasswordChangeRequiredFilter()));
        services
            .AddIdentityCore<ApplicationUser>(options =>
            {
                options.Password.RequiredLength = 8;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = true;
                options.Password.RequireDigit = true;
                // The account-wide backstop; five failures lock a name for one address (SignInAttempts).
                options.Lockout.MaxFailedAccessAttempts = 20;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = true;
                options.ClaimsIdentity.RoleClaimType = System.Security.Claims.ClaimTypes.Role;
            })
            .AddRoles<ApplicationRole>()
            .AddUserStore<Microsoft.AspNetCore.Identity.EntityFrameworkCore.UserStore<ApplicationUser, ApplicationRole, DbContext, Guid>>()
            .AddRoleStore<Microsoft.AspNetCore.Identity.EntityFrameworkCore.RoleStore<ApplicationRole, DbContext, Guid>>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddClaimsPrincipalFactory<CrmClaimsPrincipalFactory>();

        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Identity/Account/SignIn";
            options.LogoutPath = "/Identity/Account/SignOut";
            options.Cookie.Name = "crm.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(10);
            // Every request, not every 30 minutes: a disabled or demoted user is stopped at once.
            options.Events.OnValidatePrincipal = context => context.HttpContext.RequestServices.GetRequiredService<SessionCheck>().ValidateAsync(context);
            // A signed-in user without the permission gets a real 403 (rendered by the error pages), not a redirect.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        services.AddSingleton<StaffDirectory>();
        services.AddSingleton<SessionCheck>();
        services.AddSingleton<SignInAttempts>();
        services.AddSingleton<ISavedChangesListener>(sp => sp.GetRequiredService<SessionCheck>());
        services.AddSingleton<ISavedChangesListener>(sp => sp.GetRequiredService<StaffDirectory>());
        services.AddScoped<AdminBootstrapper>();
        services.AddScoped<IModuleInitializer, IdentityInitializer>();
        services.AddScoped<IDemoDataSeeder, IdentityDemoSeeder>();
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => IdentityModel.Configure(modelBuilder);

    public void ConfigureJobs(IJobRegistry jobs)
    {
        // No recurring work yet: account expiry and reminders arrive with later features.
    }
}
