using Crm.Modules.Workflow.Contracts;
using Crm.Modules.Workflow.Data;
using Crm.Modules.Workflow.Features;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Modules.Workflow;

/// <summary>
/// Workflows: automations administrators design on any published record type. A save that matches a trigger starts a
/// run in the same transaction; the engine job moves runs on step by step, with waits on the working calendar, retries,
/// a loop guard, and a log of every step.
/// </summary>
public sealed class WorkflowModule : ICrmModule
{
    public const string ModuleName = "Workflow";

    public string Name => ModuleName;

    public IEnumerable<PermissionDefinition> Permissions =>
    [
        new(WorkflowPermissions.Design, [CrmRoles.Administrator]),
        new(WorkflowPermissions.Run, [CrmRoles.Administrator, CrmRoles.SalesManager, CrmRoles.SalesRep, CrmRoles.Marketer, CrmRoles.SupportAgent]),
    ];

    public IEnumerable<MenuEntry> MenuEntries =>
    [
        new("Menu_MyTasks", typeof(WorkflowResources), ModuleName, "WorkflowTasks", "Index", "inboxes", WorkflowPermissions.Run, MenuGroups.Main, 15),
        new("Menu_Workflows", typeof(WorkflowResources), ModuleName, "Workflows", "Index", "diagram-3", WorkflowPermissions.Design, MenuGroups.Administration, 55),
    ];

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WorkflowOptions>(configuration.GetSection(WorkflowOptions.Section));
        services.AddSingleton<TriggerIndex>();
        services.AddSingleton(new Portal.Contracts.PortalSection(Web.PortalTasksController.Section, "/portal/tasks", "check2-square", 5, typeof(WorkflowResources), "Portal_Tasks", "Portal_TasksHint"));
        services.AddSingleton<IRecordChangeObserver, TriggerCapture>();
        services.AddScoped<WorkflowPrograms>();
        services.AddScoped<WorkflowDefinitions>();
        services.AddScoped<WorkflowEngine>();
        services.AddScoped<ScheduledTriggers>();
        services.AddScoped<IModuleInitializer, ReadyMadeWorkflows>();
        services.AddScoped<WorkflowValidator>();
        services.AddScoped<WorkflowCatalog>();
        services.AddScoped<SchemaLabels>();
        services.AddScoped<StepDescriptions>();
        services.AddScoped<Web.LogDetails>();
        services.AddScoped<WorkflowTaskInbox>();
        services.AddSingleton(new SlotComponent(PageSlots.RecordSide, "RecordWorkflows", 40));
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => WorkflowModel.Configure(modelBuilder);

    public void ConfigureJobs(IJobRegistry jobs)
    {
        jobs.Add<RunWorkflowsJob>(RunWorkflowsJob.Key, "*/5 * * * * *", "Job_Run", typeof(WorkflowResources), retries: 0);
        jobs.Add<ScheduledWorkflowsJob>(ScheduledWorkflowsJob.Key, "20 * * * * *", "Job_Schedule", typeof(WorkflowResources), retries: 0);
        jobs.Add<PruneWorkflowRunsJob>(PruneWorkflowRunsJob.Key, "40 3 * * *", "Job_Prune", typeof(WorkflowResources));
    }
}
