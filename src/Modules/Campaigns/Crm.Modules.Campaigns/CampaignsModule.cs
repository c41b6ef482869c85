using Crm.Modules.Campaigns.Contracts;
using Crm.Modules.Campaigns.Data;
using Crm.Modules.Campaigns.Features;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Modules.Campaigns;

/// <summary>
/// Campaigns: marketing plans with their campaigns, written by marketers and approved by a manager before anything of
/// them is sent.
/// </summary>
public sealed class CampaignsModule : ICrmModule
{
    public const string ModuleName = "Campaigns";

    public string Name => ModuleName;

    private static readonly string[] Marketing = [CrmRoles.Administrator, CrmRoles.SalesManager, CrmRoles.Marketer];

    public IEnumerable<PermissionDefinition> Permissions =>
    [
        new(CampaignsPermissions.View, Marketing),
        new(CampaignsPermissions.Edit, Marketing),
        new(CampaignsPermissions.Send, Marketing),
        new(CampaignsPermissions.Approve, [CrmRoles.Administrator, CrmRoles.SalesManager]),
    ];

    public IEnumerable<MenuEntry> MenuEntries =>
    [
        new("Menu_Plans", typeof(CampaignsResources), ModuleName, "Plans", "Index", "megaphone", CampaignsPermissions.View, MenuGroups.Main, 48),
        new("Menu_Lists", typeof(CampaignsResources), ModuleName, "Lists", "Index", "card-checklist", CampaignsPermissions.View, MenuGroups.Main, 49),
    ];

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<Amounts<CampaignsResources>>();
        services.AddScoped<CampaignAudience>();
        services.AddScoped<CampaignContents>();
        services.AddScoped<CampaignResults>();
        services.AddScoped<CampaignSender>();
        services.AddSingleton<TrackingTokens>();
        services.AddSingleton<TrackingLedger>();
        services.AddSingleton(new SlotComponent(PageSlots.ContactListBulk, "AddToTargetList"));
        services.Configure<CampaignSendOptions>(configuration.GetSection(CampaignSendOptions.Section));
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => CampaignsModel.Configure(modelBuilder);

    public void ConfigureJobs(IJobRegistry jobs) =>
        jobs.Add<CampaignSendJob>(CampaignSendJob.Key, "45 * * * * *", "Job_Send", typeof(CampaignsResources), retries: 0);
}
