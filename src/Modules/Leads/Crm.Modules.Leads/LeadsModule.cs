using Crm.Modules.Leads.Contracts;
using Crm.Modules.Leads.Data;
using Crm.Modules.Leads.Features;
using Crm.SharedKernel.Imports;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Modules.Leads;

/// <summary>Leads: people who might buy, captured fast, shared out by round robin, followed up, then converted or dropped.</summary>
public sealed class LeadsModule : ICrmModule
{
    public const string ModuleName = "Leads";

    public string Name => ModuleName;

    private static readonly string[] Sales = [CrmRoles.Administrator, CrmRoles.SalesManager, CrmRoles.SalesRep, CrmRoles.Marketer];
    private static readonly string[] Managers = [CrmRoles.Administrator, CrmRoles.SalesManager];

    public IEnumerable<PermissionDefinition> Permissions =>
    [
        new(LeadsPermissions.View, Sales),
        new(LeadsPermissions.Edit, Sales),
        new(LeadsPermissions.Delete, Sales),
        new(LeadsPermissions.Merge, Sales),
        new(LeadsPermissions.Import, Sales),
        new(LeadsPermissions.Export, Sales),
        new(LeadsPermissions.ManageAssignment, Managers),
    ];

    public IEnumerable<MenuEntry> MenuEntries =>
    [
        new("Menu_Leads", typeof(LeadsResources), ModuleName, "Leads", "Index", "person-plus", LeadsPermissions.View, MenuGroups.Main, 10),
        new("Menu_Assignment", typeof(LeadsResources), ModuleName, "LeadAssignment", "Index", "arrow-repeat", LeadsPermissions.ManageAssignment, MenuGroups.Administration, 40),
    ];

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<LeadsService>();
        services.AddScoped<RoundRobin>();
        services.AddScoped<IImportTarget, LeadImportTarget>();
        services.AddScoped<IRecordType, LeadRecordType>();
        services.AddSingleton(LeadSchema.Instance);
        services.AddScoped<IModuleInitializer, LeadsInitializer>();
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => LeadsModel.Configure(modelBuilder);

    public void ConfigureJobs(IJobRegistry jobs)
    {
    }
}
