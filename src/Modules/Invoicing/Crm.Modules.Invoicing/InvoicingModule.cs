using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Invoicing.Data;
using Crm.Modules.Invoicing.Documents;
using Crm.Modules.Invoicing.Features;
using Crm.Modules.Invoicing.Web;
using Crm.Modules.Portal.Contracts;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Modules.Invoicing;

/// <summary>Quotes and invoices: from pre-invoice to paid invoice, with Persian PDF documents, cheques, installments and payment reminders.</summary>
public sealed class InvoicingModule : ICrmModule
{
    public const string ModuleName = "Invoicing";

    public string Name => ModuleName;

    private static readonly string[] Sales = [CrmRoles.Administrator, CrmRoles.SalesManager, CrmRoles.SalesRep];

    public IEnumerable<PermissionDefinition> Permissions =>
    [
        new(InvoicingPermissions.View, Sales),
        new(InvoicingPermissions.Edit, Sales),
        new(InvoicingPermissions.Payments, Sales),
        new(InvoicingPermissions.ApproveDiscounts, [CrmRoles.Administrator, CrmRoles.SalesManager]),
        new(InvoicingPermissions.Export, Sales),
        new(InvoicingPermissions.ManageSettings, [CrmRoles.Administrator]),
    ];

    public IEnumerable<MenuEntry> MenuEntries =>
    [
        new("Menu_Quotes", typeof(InvoicingResources), ModuleName, "Quotes", "Index", "file-earmark-text", InvoicingPermissions.View, MenuGroups.Main, 24),
        new("Menu_Invoices", typeof(InvoicingResources), ModuleName, "Invoices", "Index", "receipt", InvoicingPermissions.View, MenuGroups.Main, 25),
        new("Menu_Cheques", typeof(InvoicingResources), ModuleName, "Cheques", "Index", "bank", InvoicingPermissions.View, MenuGroups.Main, 26),
        new("Menu_Settings", typeof(InvoicingResources), ModuleName, "Settings", "Index", "building-gear", InvoicingPermissions.ManageSettings, MenuGroups.Administration, 55),
    ];

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<Prices>();
        services.AddScoped<SettingsStore>();
        services.AddScoped<DocumentForms>();
        services.AddScoped<QuoteService>();
        services.AddSingleton(new PortalSection(PortalBillingController.InvoicesSection, "/portal/invoices", "receipt", 10, typeof(InvoicingResources), "Portal_Invoices", "Portal_InvoicesHint"));
        services.AddSingleton(new PortalSection(PortalBillingController.QuotesSection, "/portal/quotes", "file-earmark-text", 20, typeof(InvoicingResources), "Portal_Quotes", "Portal_QuotesHint"));
        services.AddScoped<InvoiceService>();
        services.AddScoped<PaymentReminders>();
        services.AddScoped<DocumentHtml>();
        
        services.AddScoped<IModuleInitializer, InvoicingInitializer>();
        services.AddScoped<IRecordType, QuoteRecordType>();
        services.AddScoped<IRecordType, InvoiceRecordType>();
        services.AddSingleton(DocumentSchemas.Quote);
        services.AddSingleton(DocumentSchemas.Invoice);
        services.AddScoped<IDemoDataSeeder, InvoicingDemoSeeder>();
        services.AddSingleton(new SlotComponent(PageSlots.RecordSide, "CustomerBilling", 25));
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => InvoicingModel.Configure(modelBuilder);

    public void ConfigureJobs(IJobRegistry jobs)
    {
        jobs.Add<PaymentRemindersJob>(PaymentRemindersJob.Key, "10 * * * *", "Job_PaymentReminders", typeof(InvoicingResources));
        jobs.Add<ExpireQuotesJob>(ExpireQuotesJob.Key, "20 0 * * *", "Job_ExpireQuotes", typeof(InvoicingResources));
    }
}
