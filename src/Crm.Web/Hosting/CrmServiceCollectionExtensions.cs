using System.Reflection;
using System.Threading.RateLimiting;
using Crm.Infrastructure.Caching;
using Crm.Infrastructure.Email;
using Crm.Infrastructure.Files;
using Crm.Infrastructure.Health;
using Crm.Infrastructure.Imports;
using Crm.Infrastructure.Jobs;
using Crm.Infrastructure.Localization;
using Crm.Infrastructure.Messaging;
using Crm.Infrastructure.Persistence;
using Crm.Infrastructure.Security;
using Crm.Infrastructure.Spreadsheets;
using Crm.SharedKernel.Documents;
using Crm.SharedKernel.Email;
using Crm.SharedKernel.Files;
using Crm.SharedKernel.Imports;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Serilog;

namespace Crm.Web.Hosting;

public static class CrmServiceCollectionExtensions
{
    /// <summary>Everything the platform provides, then each module's own registrations.</summary>
    public static WebApplicationBuilder AddCrm(this WebApplicationBuilder builder, IReadOnlyList<ICrmModule> modules)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var dataFolder = DataFolder(builder.Environment, configuration);

        builder.Logging.ClearProviders();
        // The host's own logger, not Serilog's static one: several hosts may share a process (the tests).
        var logger = new LoggerConfiguration()
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {CorrelationId}{NewLine}{Exception}")
            .WriteTo.File(Path.Combine(dataFolder, "logs", "crm-.log"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14,
                outputTemplate: "{Timestamp:o} [{Level:u3}] {CorrelationId} {UserId} {SourceContext} {Message:lj}{NewLine}{Exception}")
            .CreateLogger();
        builder.Services.AddSerilog(logger, dispose: true);
        builder.Services.AddSingleton<Serilog.ILogger>(logger);

        foreach (var module in modules)
        {
            services.AddSingleton(module);
        }

        builder.AddCrmWebSecurity();

        // Data
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = string.IsNullOrWhiteSpace(database.ConnectionString) && database.Provider == DatabaseProviders.Sqlite
            ? $"Data Source={Path.Combine(dataFolder, "crm.db")}"
            : database.ConnectionString ?? throw new InvalidOperationException("Database:ConnectionString is required for PostgreSql.");
        // Every module the host knows migrates, enabled or not, so switching one on later needs no migration step.
        services.AddSingleton(new MigrationCatalog(ModuleRegistry.All.Select(m => m.GetType().Assembly)));
        services.AddDbContext<CrmDbContext>(options => options.UseConfiguredProvider(database.Provider, connectionString));
        services.AddScoped<DbContext>(sp => sp.GetRequiredService<CrmDbContext>());
        services.AddSingleton(new SharedKernel.Data.ReadReplica(database.Provider == DatabaseProviders.PostgreSql ? database.ReportsConnectionString : null));
        services.AddScoped<SharedKernel.Domain.IBulkInserter, BulkInserter>();
        services.AddSingleton<IClock, SystemClock>();
        services.AddScoped<SharedKernel.Domain.AuditOptions>();
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        services.AddScoped<SharedKernel.Records.RecordDirectory>();

        // Messaging
        // Mediator.SourceGenerator writes the mediator and its handler registrations into this host at build time (ADR 0002).
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.NotificationPublisherType = typeof(ModuleNotificationPublisher);
        });
        services.AddCrmMediator();
        foreach (var assembly in modules.Select(m => m.GetType().Assembly).Distinct())
        {
            services.AddValidatorsFrom(assembly);
        }

        // Email
        services.Configure<EmailOptions>(configuration.GetSection(EmailOptions.Section));
        services.AddSingleton<IMailDelivery>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmailOptions>>();
            return string.Equals(options.Value.Delivery, "Smtp", StringComparison.OrdinalIgnoreCase)
                ? new SmtpMailDelivery(options)
                : new FolderMailDelivery(options, Path.Combine(dataFolder, options.Value.Folder));
        });
        services.AddSingleton<IEmailSender, EmailSender>();

        // Localization
        services.Configure<Infrastructure.Localization.LocalizationOptions>(configuration.GetSection(Infrastructure.Localization.LocalizationOptions.Section));
        services.AddMemoryCache();
        services.AddLocalization();
        services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        services.Replace(ServiceDescriptor.Singleton<IStringLocalizerFactory, CachedStringLocalizerFactory>());
        services.AddScoped<IDisplayFormatter, DisplayFormatter>();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var defaultCulture = configuration[$"{Infrastructure.Localization.LocalizationOptions.Section}:DefaultCulture"] ?? SupportedCultures.Persian;
            options.SetDefaultCulture(defaultCulture).AddSupportedCultures([.. SupportedCultures.All]).AddSupportedUICultures([.. SupportedCultures.All]);
            // The user's explicit choice (cookie) wins; the browser's language is not consulted, so new installs open in the configured default.
            options.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });

        // Security
        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        // Keys in the database by default, so every instance reads the cookies, tokens and links another made (ADR 0018).
        var keyRing = services.AddDataProtection().SetApplicationName("Crm");
        if (string.Equals(configuration["DataProtection:Keys"], SharedKeyRing.Folder, StringComparison.OrdinalIgnoreCase))
        {
            keyRing.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataFolder, "keys")));
        }
        else
        {
            keyRing.PersistKeysToDbContext<CrmDbContext>();
        }
        services.AddAntiforgery(options => options.Cookie.Name = "crm.af");
        var publicPerMinute = configuration.GetValue("RateLimits:PublicPerMinute", 20);
        var mailsPerHour = configuration.GetValue("RateLimits:CustomerMailsPerHour", 30);
        var trackingPerMinute = configuration.GetValue("RateLimits:TrackingPerMinute", 300);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(RateLimitPolicies.Public, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = publicPerMinute, Window = TimeSpan.FromMinutes(1) }));
            options.AddPolicy(RateLimitPolicies.Tracking, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = trackingPerMinute, Window = TimeSpan.FromMinutes(1) }));
            options.AddPolicy(RateLimitPolicies.CustomerMail, context => RateLimitPartition.GetSlidingWindowLimiter(
                context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new SlidingWindowRateLimiterOptions { PermitLimit = mailsPerHour, Window = TimeSpan.FromHours(1), SegmentsPerWindow = 6 }));
        });

        // Web: Persian text is written as is, not as numeric entities (markup characters are still escaped).
        services.AddWebEncoders(options => options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        var mvc = services.AddControllersWithViews(options => options.Filters.Add(new AuthorizeFilter()))
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(options => options.DataAnnotationLocalizerProvider = (type, factory) =>
                factory.Create(type.Assembly.GetCustomAttribute<ModuleResourcesAttribute>()?.ResourceType ?? typeof(SharedResource)));
        foreach (var assembly in modules.Select(m => m.GetType().Assembly).Distinct())
        {
            mvc.AddApplicationPart(assembly);
        }

        services.AddSingleton<Microsoft.AspNetCore.Mvc.ViewFeatures.CookieTempDataProvider>();
        services.Replace(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Mvc.ViewFeatures.ITempDataProvider, Infrastructure.Web.BoundedTempDataProvider>());

        var jobs = configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        if (jobs.Enabled)
        {
            services.AddCrmJobs(modules, database.Provider, connectionString, jobs, typeof(SharedResource));
        }
        else
        {
            services.AddSingleton<SharedKernel.Jobs.IJobTrigger, NoJobTrigger>();
        }

        // Lists: import, export
        services.Configure<SheetLimits>(configuration.GetSection(SheetLimits.Section));
        services.Configure<ImportOptions>(configuration.GetSection(SheetLimits.Section));
        services.AddSingleton<ISpreadsheets, SpreadsheetFiles>();
        services.AddSingleton<IPdfRenderer, Crm.Infrastructure.Documents.PdfRenderer>();
        services.AddScoped<SharedKernel.Jobs.IJobMonitor, JobMonitor>();
        // Files: the data folder (one instance), a folder every instance mounts, or the database (ADR 0018).
        var temporaryFolder = Path.Combine(dataFolder, "tmp");
        if (string.Equals(configuration["Files:Store"], "Database", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<IFileStore>(sp => new DatabaseFileStore(sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<IClock>(), temporaryFolder));
        }
        else
        {
            var fileFolder = configuration["Files:Folder"] is { Length: > 0 } shared ? Path.GetFullPath(shared, builder.Environment.ContentRootPath) : dataFolder;
            services.AddSingleton<IFileStore>(new FolderFileStore(fileFolder));
        }

        services.AddSingleton<ImportFiles>();
        services.AddSingleton(new SharedKernel.Hosting.AppDataFolder(dataFolder));
        services.AddSingleton<ImportRunner>();

        // Caches: a change drops its entries in every instance on a PostgreSQL database (LISTEN/NOTIFY).
        services.AddSingleton(new ClusterSignalOptions(database.Provider == DatabaseProviders.PostgreSql ? connectionString : null));
        services.AddSingleton<ClusterSignals>();
        services.AddSingleton<SharedKernel.Caching.ISharedCacheInvalidation>(sp => sp.GetRequiredService<ClusterSignals>());
        services.AddScoped<Infrastructure.Calendar.WorkingCalendarSource>();
        services.AddScoped<SharedKernel.Time.IWorkingCalendarSource>(sp => sp.GetRequiredService<Infrastructure.Calendar.WorkingCalendarSource>());
        services.AddHostedService(sp => sp.GetRequiredService<ClusterSignals>());

        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);

        foreach (var module in modules)
        {
            module.ConfigureServices(services, configuration);
        }

        return builder;
    }

    /// <summary>The app's own folder for the SQLite file, logs, keys and development mail.</summary>
    public static string DataFolder(IWebHostEnvironment environment, IConfiguration configuration)
    {
        var folder = configuration["DataFolder"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, environment.ContentRootPath)
            : Path.Combine(environment.ContentRootPath, "App_Data");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
