using Crm.Modules.Activities.Contracts;
using Crm.Modules.Activities.Data;
using Crm.Modules.Activities.Features;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Modules.Activities;

/// <summary>Calls, meetings, tasks, notes and events on any record; the timeline; comments with mentions; "My day", the calendar and reminders.</summary>
public sealed class ActivitiesModule : ICrmModule
{
    public const string ModuleName = "Activities";

    public string Name => ModuleName;

    private static readonly string[] Staff = [CrmRoles.Administrator, CrmRoles.SalesManager, CrmRoles.SalesRep, CrmRoles.Marketer, CrmRoles.SupportAgent];

    public IEnumerable<PermissionDefinition> Permissions =>
    [
        new(ActivitiesPermissions.View, Staff),
        new(ActivitiesPermissions.Edit, Staff),
    ];

    public IEnumerable<MenuEntry> MenuEntries =>
    [
        new("Menu_MyDay", typeof(ActivitiesResources), ModuleName, "MyDay", "Index", "sun", ActivitiesPermissions.View, MenuGroups.Main, 1),
        new("Menu_Calendar", typeof(ActivitiesResources), ModuleName, "Calendar", "Index", "calendar3", ActivitiesPermissions.View, MenuGroups.Main, 2),
    ];

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ActivityService>();
        services.AddScoped<IRecordContacts, ActivityReports>();
        services.AddScoped<Timeline>();
        services.AddScoped<Comments>();
        services.AddScoped<IRecordType, ActivityRecordType>();
        services.AddSingleton(ActivitySchema.Instance);
        services.AddSingleton(new SlotComponent(PageSlots.RecordPage, "QuickActions", 10));
        services.AddSingleton(new SlotComponent(PageSlots.RecordPage, "Timeline", 20));
        services.AddSingleton(new SlotComponent(PageSlots.RecordPage, "RecordComments", 30));
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => ActivitiesModel.Configure(modelBuilder);

    public void ConfigureJobs(IJobRegistry jobs) =>
        jobs.Add<ReminderJob>(ReminderJob.Key, "*/30 * * * * *", "Job_Reminders", typeof(ActivitiesResources));
}
