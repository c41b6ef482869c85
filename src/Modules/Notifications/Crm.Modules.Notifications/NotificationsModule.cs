using Crm.Modules.Notifications.Domain;
using Crm.Modules.Notifications.Features;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Modules.Notifications;

/// <summary>In-app notifications: the bell in the top bar, the list, and the <c>Notify</c> contract other modules send.</summary>
public sealed class NotificationsModule : ICrmModule
{
    public const string ModuleName = "Notifications";

    public string Name => ModuleName;

    // Every signed-in user has notifications of their own; nothing here needs a permission beyond signing in.
    public IEnumerable<PermissionDefinition> Permissions => [];

    public IEnumerable<MenuEntry> MenuEntries => [];

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddMemoryCache();
        services.AddSingleton<UnreadCounts>();
        services.AddSingleton(new SlotComponent(PageSlots.TopBar, "NotificationBell"));
    }

    public void ConfigureModel(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Notification>(b =>
        {
            b.ToTable("Notifications");
            b.Property(n => n.PersianText).HasMaxLength(500);
            b.Property(n => n.EnglishText).HasMaxLength(500);
            b.Property(n => n.Url).HasMaxLength(500);
            // The bell's question: this user's unread ones, newest first.
            b.HasIndex(n => new { n.UserId, n.ReadAt, n.CreatedAt });
        });

    public void ConfigureJobs(IJobRegistry jobs)
    {
    }
}
