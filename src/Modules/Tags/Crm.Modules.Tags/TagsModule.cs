using Crm.Modules.Tags.Contracts;
using Crm.Modules.Tags.Data;
using Crm.Modules.Tags.Features;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Modules.Tags;

/// <summary>Tags on records of any module: personal, public and system tags, groups, review by administrators, and the tag report.</summary>
public sealed class TagsModule : ICrmModule
{
    public const string ModuleName = "Tags";

    public string Name => ModuleName;

    public IEnumerable<PermissionDefinition> Permissions =>
    [
        new(TagsPermissions.Use, [CrmRoles.Administrator, CrmRoles.SalesManager, CrmRoles.SalesRep, CrmRoles.Marketer, CrmRoles.SupportAgent]),
        new(TagsPermissions.Manage, [CrmRoles.Administrator]),
        new(TagsPermissions.ViewReport, [CrmRoles.Administrator, CrmRoles.SalesManager, CrmRoles.Marketer]),
    ];

    public IEnumerable<MenuEntry> MenuEntries =>
    [
        new("Menu_Tags", typeof(TagsResources), ModuleName, "TagReview", "Index", "tags", TagsPermissions.Manage, MenuGroups.Administration, 60),
        new("Report_Title", typeof(TagsResources), ModuleName, "TagReport", "Index", "bar-chart", TagsPermissions.ViewReport, MenuGroups.Main, 90),
    ];

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<TagCatalog>();
        services.AddScoped<IModuleInitializer, Features.SystemTagsInitializer>();
        services.AddScoped<TagReview>();
        services.AddScoped<ITaggedRecords, TaggedRecords>();
        services.AddSingleton(new SlotComponent(PageSlots.RecordSide, "RecordTags", 10));
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => TagsModel.Configure(modelBuilder);

    public void ConfigureJobs(IJobRegistry jobs)
    {
    }
}
