using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Contacts.Data;
using Crm.Modules.Contacts.Features;
using Crm.SharedKernel.Imports;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Modules.Contacts;

/// <summary>People and organizations: the customer records every sale, ticket and invoice attaches to.</summary>
public sealed class ContactsModule : ICrmModule
{
    public const string ModuleName = "Contacts";

    public string Name => ModuleName;

    private static readonly string[] Staff = [CrmRoles.Administrator, CrmRoles.SalesManager, CrmRoles.SalesRep, CrmRoles.Marketer, CrmRoles.SupportAgent];
    private static readonly string[] Sales = [CrmRoles.Administrator, CrmRoles.SalesManager, CrmRoles.SalesRep, CrmRoles.Marketer];
    private static readonly string[] Managers = [CrmRoles.Administrator, CrmRoles.SalesManager];

    public IEnumerable<PermissionDefinition> Permissions =>
    [
        new(ContactsPermissions.View, Staff),
        new(ContactsPermissions.Edit, Staff),
        new(ContactsPermissions.Delete, Sales),
        new(ContactsPermissions.Merge, Sales),
        new(ContactsPermissions.Import, Sales),
        new(ContactsPermissions.Export, Managers.Append(CrmRoles.SalesRep).Append(CrmRoles.Marketer).ToArray()),
    ];

    public IEnumerable<MenuEntry> MenuEntries =>
    [
        new("Menu_Contacts", typeof(ContactsResources), ModuleName, "Contacts", "Index", "person-lines-fill", ContactsPermissions.View, MenuGroups.Main, 20),
        new("Menu_Organizations", typeof(ContactsResources), ModuleName, "Organizations", "Index", "building", ContactsPermissions.View, MenuGroups.Main, 30),
    ];

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ContactsService>();
        services.AddScoped<IImportTarget, ContactImportTarget>();
        services.AddScoped<IRecordType, ContactRecordType>();
        services.AddScoped<IRecordType, OrganizationRecordType>();
        services.AddSingleton(ContactSchemas.Contact);
        services.AddSingleton(ContactSchemas.Organization);
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => ContactsModel.Configure(modelBuilder);

    public void ConfigureJobs(IJobRegistry jobs)
    {
    }
}
