using Crm.Modules.Identity;
using Crm.Modules.Campaigns;
using Crm.Modules.Contacts;
using Crm.Modules.Forms;
using Crm.Modules.Leads;
using Crm.Modules.Messaging;
using Crm.Modules.Notifications;
using Crm.Modules.Portal;
using Crm.Modules.Tags;
using Crm.Modules.Activities;
using Crm.Modules.Invoicing;
using Crm.Modules.Reports;
using Crm.Modules.Sales;
using Crm.Modules.Tickets;
using Crm.Modules.Workflow;
using Crm.SharedKernel.Modules;

namespace Crm.Web;

/// <summary>
/// The modules this host loads: the one place a new module is registered.
/// A module can be switched off with <c>Modules:&lt;Name&gt;:Enabled = false</c>.
/// </summary>
public static class ModuleRegistry
{
    public static IReadOnlyList<ICrmModule> All { get; } =
    [
        new IdentityModule(),
        new ContactsModule(),
        new LeadsModule(),
        new MessagingModule(),
        new NotificationsModule(),
        new TagsModule(),
        new ActivitiesModule(),
        new SalesModule(),
        new InvoicingModule(),
        new ReportsModule(),
        new WorkflowModule(),
        new TicketsModule(),
        new FormsModule(),
        new PortalModule(),
        new CampaignsModule(),
    ];

    public static IReadOnlyList<ICrmModule> Enabled(IConfiguration configuration) =>
        All.Where(m => configuration.GetValue($"Modules:{m.Name}:Enabled", true)).ToList();
}
