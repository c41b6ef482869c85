using Crm.Modules.Portal.Contracts;
using Crm.Modules.Portal.Data;
using Crm.Modules.Portal.Features;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Modules.Portal;

/// <summary>
/// The customer portal ("customer club") under <c>/portal</c>: customers sign in with their mobile and a one-time SMS
/// code, on their own cookie, separate from the staff's; staff open and manage their accounts from the contact's page.
/// </summary>
public sealed class PortalModule : ICrmModule
{
    public const string ModuleName = "Portal";

    public string Name => ModuleName;

    public IEnumerable<PermissionDefinition> Permissions =>
    [
        new(PortalPermissions.ManageAccounts, [CrmRoles.Administrator, CrmRoles.SalesManager]),
        new(PortalPermissions.ManageSettings, [CrmRoles.Administrator]),
    ];

    public IEnumerable<MenuEntry> MenuEntries =>
    [
        new("Menu_Accounts", typeof(PortalResources), ModuleName, "Accounts", "Index", "person-badge", PortalPermissions.ManageAccounts, MenuGroups.Administration, 70),
        new("Menu_Settings", typeof(PortalResources), ModuleName, "Settings", "Index", "window-sidebar", PortalPermissions.ManageSettings, MenuGroups.Administration, 71),
    ];

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions();
        services.Configure<PortalOptions>(configuration.GetSection(PortalOptions.Section));
        // Beside the staff's scheme, never the default: only pages that name it read the portal's cookie.
        services.AddAuthentication().AddCookie(PortalSession.Scheme, options => PortalSession.Configure(options, settings));
        services.AddScoped<SignInCodes>();
        services.AddScoped<PortalPasswords>();
        services.AddScoped<PortalAccounts>();
        services.AddScoped<PortalMenu>();
        services.AddSingleton(new SlotComponent(PageSlots.RecordSide, "PortalAccountCard", 60));
        services.AddSingleton(new SlotComponent(PageSlots.RecordSide, "DocumentLinksCard", 70));
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => PortalModel.Configure(modelBuilder);

    public void ConfigureJobs(IJobRegistry jobs)
    {
    }
}
