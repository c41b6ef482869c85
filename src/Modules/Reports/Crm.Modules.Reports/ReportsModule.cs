using Crm.Modules.Reports.Contracts;
using Crm.Modules.Reports.Features;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Modules.Reports;

/// <summary>
/// Reports and dashboards: funnel, pipeline and forecast, team performance, losses, marketing, customers and purchases,
/// and the home page per role. It owns no tables: every figure comes from the other modules' report queries.
/// </summary>
public sealed class ReportsModule : ICrmModule
{
    public const string ModuleName = "Reports";

    public string Name => ModuleName;

    private static readonly string[] Readers = [CrmRoles.Administrator, CrmRoles.SalesManager, CrmRoles.SalesRep, CrmRoles.Marketer];

    public IEnumerable<PermissionDefinition> Permissions =>
    [
        new(ReportsPermissions.View, Readers),
        new(ReportsPermissions.Export, Readers),
    ];

    public IEnumerable<MenuEntry> MenuEntries =>
    [
        new("Menu_Reports", typeof(ReportsResources), ModuleName, "Reports", "Index", "bar-chart-line", ReportsPermissions.View, MenuGroups.Main, 30),
    ];

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ReportPeriods>();
        services.AddScoped<ReportFormat>();
        services.AddScoped<SalesReportBuilder>();
        services.AddScoped<PeopleReportBuilder>();
        services.AddScoped<CustomerReportBuilder>();
        services.AddScoped<ServiceReportBuilder>();
        services.AddScoped<ReportExport>();
        services.AddScoped<Dashboards>();
        services.AddMemoryCache();
        services.AddSingleton(new SlotComponent(PageSlots.Home, "Dashboard"));
    }

    public void ConfigureModel(ModelBuilder modelBuilder)
    {
    }

    public void ConfigureJobs(IJobRegistry jobs)
    {
    }
}
