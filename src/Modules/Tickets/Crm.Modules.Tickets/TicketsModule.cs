using Crm.Modules.Portal.Contracts;
using Crm.Modules.Tickets.Contracts;
using Crm.Modules.Tickets.Data;
using Crm.Modules.Tickets.Features;
using Crm.Modules.Tickets.Web;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Modules.Tickets;

/// <summary>
/// Tickets: customers' problems from report to resolution, handed between people and teams, with SLA clocks that run on
/// the working calendar and stand still while the ticket waits on the customer.
/// </summary>
public sealed class TicketsModule : ICrmModule
{
    public const string ModuleName = "Tickets";

    public string Name => ModuleName;

    private static readonly string[] Support = [CrmRoles.Administrator, CrmRoles.SalesManager, CrmRoles.SupportAgent];

    public IEnumerable<PermissionDefinition> Permissions =>
    [
        new(TicketsPermissions.View, Support),
        new(TicketsPermissions.Edit, Support),
        new(TicketsPermissions.Export, Support),
        new(TicketsPermissions.ViewCustomerTickets, [CrmRoles.SalesRep, CrmRoles.SalesManager]),
        new(TicketsPermissions.ManageSla, [CrmRoles.Administrator]),
        new(TicketsPermissions.ManageMailboxes, [CrmRoles.Administrator]),
    ];

    public IEnumerable<MenuEntry> MenuEntries =>
    [
        new("Menu_Tickets", typeof(TicketsResources), ModuleName, "Tickets", "Index", "life-preserver", TicketsPermissions.View, MenuGroups.Main, 45),
        new("Menu_Repairs", typeof(TicketsResources), ModuleName, "Repairs", "Index", "tools", TicketsPermissions.View, MenuGroups.Main, 46),
        new("Menu_Registrations", typeof(TicketsResources), ModuleName, "Registrations", "Index", "upc-scan", TicketsPermissions.View, MenuGroups.Main, 47),
        new("Menu_SlaPolicies", typeof(TicketsResources), ModuleName, "SlaPolicies", "Index", "stopwatch", TicketsPermissions.ManageSla, MenuGroups.Administration, 58),
        new("Menu_Mailboxes", typeof(TicketsResources), ModuleName, "Mailboxes", "Index", "envelope-arrow-down", TicketsPermissions.ManageMailboxes, MenuGroups.Administration, 59),
    ];

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<TicketSla>();
        services.AddScoped<TicketAttachments>();
        services.AddScoped<Amounts<TicketsResources>>();
        services.AddSingleton(new PortalSection(PortalServiceController.TicketsSection, "/portal/tickets", "chat-left-text", 30, typeof(TicketsResources), "Portal_Tickets", "Portal_TicketsHint"));
        services.AddSingleton(new PortalSection(PortalServiceController.RepairsSection, "/portal/repairs", "tools", 40, typeof(TicketsResources), "Portal_Repairs", "Portal_RepairsHint"));
        services.AddScoped<TicketSatisfaction>();
        services.AddScoped<TicketReplies>();
        services.AddScoped<TicketAssignment>();
        services.AddSingleton<TicketMailReader>();
        services.AddSingleton<CustomerLinks>();
        services.AddScoped<Web.RepairReceipt>();
        services.AddScoped<SlaSweep>();
        services.AddScoped<IRecordType, TicketRecordType>();
        services.AddSingleton(TicketSchema.Instance);
        services.AddScoped<IModuleInitializer, StandardSlaPolicy>();
        services.AddSingleton(new SlotComponent(PageSlots.RecordSide, "CustomerTickets", 30));
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => TicketsModel.Configure(modelBuilder);

    public void ConfigureJobs(IJobRegistry jobs)
    {
        jobs.Add<SlaSweepJob>(SlaSweepJob.Key, "30 * * * * *", "Job_Sla", typeof(TicketsResources), retries: 0);
        jobs.Add<TicketMailJob>(TicketMailJob.Key, "15 * * * * *", "Job_Mail", typeof(TicketsResources), retries: 0);
    }
}
