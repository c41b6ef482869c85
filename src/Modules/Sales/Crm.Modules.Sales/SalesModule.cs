using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Data;
using Crm.Modules.Sales.Features;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Modules.Sales;

/// <summary>The sales pipeline: lead conversion, opportunities on a board, sales processes, the catalog and price books, targets.</summary>
public sealed class SalesModule : ICrmModule
{
    public const string ModuleName = "Sales";

    public string Name => ModuleName;

    private static readonly string[] Sales = [CrmRoles.Administrator, CrmRoles.SalesManager, CrmRoles.SalesRep];
    private static readonly string[] Managers = [CrmRoles.Administrator, CrmRoles.SalesManager];

    public IEnumerable<PermissionDefinition> Permissions =>
    [
        new(SalesPermissions.View, [.. Sales, CrmRoles.Marketer]),
        new(SalesPermissions.Edit, Sales),
        new(SalesPermissions.Delete, Sales),
        new(SalesPermissions.Export, [.. Sales, CrmRoles.Marketer]),
        new(SalesPermissions.ManageProcesses, [CrmRoles.Administrator]),
        new(SalesPermissions.ManageCatalog, Managers),
        new(SalesPermissions.ManageTargets, Managers),
    ];

    public IEnumerable<MenuEntry> MenuEntries =>
    [
        new("Menu_Board", typeof(SalesResources), ModuleName, "Board", "Index", "kanban", SalesPermissions.View, MenuGroups.Main, 20),
        new("Menu_Opportunities", typeof(SalesResources), ModuleName, "Opportunities", "Index", "briefcase", SalesPermissions.View, MenuGroups.Main, 21),
        new("Menu_Targets", typeof(SalesResources), ModuleName, "Targets", "Index", "bullseye", SalesPermissions.View, MenuGroups.Main, 22),
        new("Menu_Products", typeof(SalesResources), ModuleName, "Products", "Index", "box-seam", SalesPermissions.View, MenuGroups.Main, 23),
        new("Menu_Processes", typeof(SalesResources), ModuleName, "Processes", "Index", "signpost-split", SalesPermissions.ManageProcesses, MenuGroups.Administration, 50),
    ];

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SalesOptions>(configuration.GetSection("Sales"));
        services.AddMemoryCache();
        services.AddScoped<Pipeline>();
        services.AddScoped<Amounts>();
        services.AddScoped<OpportunityService>();
        services.AddScoped<IRecordType, OpportunityRecordType>();
        services.AddSingleton(OpportunitySchema.Instance);
        services.AddScoped<IModuleInitializer, SalesInitializer>();
        services.AddScoped<IDemoDataSeeder, SalesDemoSeeder>();
        services.AddSingleton(new SlotComponent(PageSlots.RecordActions, "SalesRecordActions", 50));
        services.AddSingleton(new SlotComponent(PageSlots.RecordSide, "CustomerOpportunities", 20));
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => SalesModel.Configure(modelBuilder);

    public void ConfigureJobs(IJobRegistry jobs) =>
        jobs.Add<DealCampaignLinksJob>(DealCampaignLinksJob.Key, "20 */15 * * * *", "Job_CampaignLinks", typeof(SalesResources), retries: 0);
}
