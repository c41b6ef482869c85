using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.SharedKernel.Modules;

/// <summary>
/// The one contract through which a feature module plugs into the host. The host registers each module
/// in <c>ModuleRegistry</c>; everything a module contributes is declared here and nowhere else.
/// </summary>
public interface ICrmModule
{
    /// <summary>Unique module name; also the MVC area of its controllers and views.</summary>
    string Name { get; }

    /// <summary>Registers the module's services, mediator handlers and validators.</summary>
    void ConfigureServices(IServiceCollection services, IConfiguration configuration);

    /// <summary>Adds the module's entities to the shared database model.</summary>
    void ConfigureModel(ModelBuilder modelBuilder);

    /// <summary>Permissions the module checks, with the roles that hold them on a new install.</summary>
    IEnumerable<PermissionDefinition> Permissions { get; }

    /// <summary>Entries for the sidebar; each is shown only to users holding its permission.</summary>
    IEnumerable<MenuEntry> MenuEntries { get; }

    /// <summary>Declares the module's recurring background jobs.</summary>
    void ConfigureJobs(IJobRegistry jobs);
}
