using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Data;
using Crm.Modules.Messaging.Features;
using Crm.Modules.Messaging.Providers;
using Crm.SharedKernel.Email;
using Crm.SharedKernel.Hosting;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Messaging;

/// <summary>Email and SMS: templates, a durable outbox sent by a background job, provider adapters, opt-outs.</summary>
public sealed class MessagingModule : ICrmModule
{
    public const string ModuleName = "Messaging";

    public string Name => ModuleName;

    public IEnumerable<PermissionDefinition> Permissions =>
    [
        new(MessagingPermissions.ViewOutbox, [CrmRoles.Administrator, CrmRoles.SalesManager, CrmRoles.Marketer]),
        new(MessagingPermissions.Manage, [CrmRoles.Administrator]),
    ];

    public IEnumerable<MenuEntry> MenuEntries =>
    [
        new("Menu_Outbox", typeof(MessagingResources), ModuleName, "Outbox", "Index", "send", MessagingPermissions.ViewOutbox, MenuGroups.Administration, 50),
        new("Menu_Templates", typeof(MessagingResources), ModuleName, "Templates", "Index", "file-earmark-text", MessagingPermissions.Manage, MenuGroups.Administration, 51),
    ];

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MessagingOptions>(configuration.GetSection(MessagingOptions.Section));
        services.AddSingleton<UnsubscribeLinks>();
        services.AddSingleton<TransportPacing>();
        services.AddSingleton<InboundRecovery>();
        services.AddScoped<OutboxSender>();
        services.AddScoped<BounceRecorder>();
        services.Configure<BounceMailboxOptions>(configuration.GetSection(BounceMailboxOptions.Section));
        // Like the outbox job, only where this instance sends (Jobs:Enabled); otherwise another instance's lane does.
        if (configuration.GetValue("Jobs:Enabled", true))
        {
            services.AddHostedService<UrgentLane>();
        }

        services.AddScoped<IMessageTransport, EmailTransport>();

        var sms = configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>()?.Sms ?? new SmsOptions();
        if (string.Equals(sms.Provider, "Kavenegar", StringComparison.OrdinalIgnoreCase))
        {
            services.AddHttpClient<KavenegarSmsTransport>();
            services.AddScoped<IMessageTransport>(sp => sp.GetRequiredService<KavenegarSmsTransport>());
        }
        else
        {
            services.AddScoped<IMessageTransport>(sp => new FolderSmsTransport(sp.GetRequiredService<AppDataFolder>().Resolve(sms.Folder)));
        }
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => MessagingModel.Configure(modelBuilder);

    public void ConfigureJobs(IJobRegistry jobs)
    {
        jobs.Add<SendOutboxJob>(SendOutboxJob.Key, "*/10 * * * * *", "Job_Outbox", typeof(MessagingResources), retries: 0);
        jobs.Add<SmsDeliveryJob>(SmsDeliveryJob.Key, "* * * * *", "Job_SmsDelivery", typeof(MessagingResources), retries: 0);
        jobs.Add<BounceMailJob>(BounceMailJob.Key, "30 * * * * *", "Job_Bounces", typeof(MessagingResources), retries: 0);
        jobs.Add<SmsRepliesJob>(SmsRepliesJob.Key, "15 * * * * *", "Job_SmsReplies", typeof(MessagingResources), retries: 0);
    }
}
