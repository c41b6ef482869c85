using Crm.Modules.Forms.Contracts;
using Crm.Modules.Forms.Data;
using Crm.Modules.Forms.Features;
using Crm.Modules.Portal.Contracts;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Modules.Forms;

/// <summary>
/// Forms: designed by administrators, filled in by visitors at a public link or an embed, by staff on their phones and
/// by customers on the portal; each submission lands on its customer and is a record workflows start on.
/// </summary>
public sealed class FormsModule : ICrmModule
{
    public const string ModuleName = "Forms";

    public string Name => ModuleName;

    private static readonly string[] Staff = [CrmRoles.Administrator, CrmRoles.SalesManager, CrmRoles.SalesRep, CrmRoles.Marketer];

    public IEnumerable<PermissionDefinition> Permissions =>
    [
        new(FormsPermissions.Design, [CrmRoles.Administrator]),
        new(FormsPermissions.Fill, Staff),
        new(FormsPermissions.ViewSubmissions, Staff),
        new(FormsPermissions.EditSubmissions, Staff),
        new(FormsPermissions.Export, [CrmRoles.Administrator, CrmRoles.SalesManager, CrmRoles.Marketer]),
        new(FormsPermissions.SendNewsletters, [CrmRoles.Administrator, CrmRoles.Marketer]),
    ];

    public IEnumerable<MenuEntry> MenuEntries =>
    [
        new("Menu_Submissions", typeof(FormsResources), ModuleName, "Submissions", "Index", "inbox", FormsPermissions.ViewSubmissions, MenuGroups.Main, 50),
        new("Menu_Map", typeof(FormsResources), ModuleName, "Map", "Index", "geo-alt", FormsPermissions.ViewSubmissions, MenuGroups.Main, 51),
        new("Menu_Forms", typeof(FormsResources), ModuleName, "Forms", "Index", "ui-checks", FormsPermissions.Design, MenuGroups.Administration, 60),
    ];

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FormProtection.Options>(configuration.GetSection(FormProtection.Options.Section));
        services.Configure<NewsletterOptions>(configuration.GetSection(NewsletterOptions.Section));
        services.AddScoped<FieldRules>();
        services.AddScoped<FormDesigner>();
        services.AddScoped<FormProtection>();
        services.AddScoped<SubmissionList>();
        services.AddScoped<IRecordType, SubmissionRecordType>();
        services.AddSingleton(SubmissionSchema.Instance);
        services.AddSingleton(new PortalSection(Web.PortalFormsController.Section, "/portal/forms", "ui-checks", 50, typeof(FormsResources), "Portal_Forms", "Portal_FormsHint"));
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => FormsModel.Configure(modelBuilder);

    public void ConfigureJobs(IJobRegistry jobs)
    {
    }
}
