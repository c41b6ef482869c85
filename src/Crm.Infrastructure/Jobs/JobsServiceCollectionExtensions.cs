using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Modules;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Server;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Infrastructure.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Hangfire running every job the platform and the modules declare. Its store is the application database on
    /// PostgreSQL (schema <c>hangfire</c>, shared by every instance) and a file beside the database on SQLite
    /// (<c>crm.jobs.db</c> beside <c>crm.db</c>); the storage creates its tables on first start.
    /// </summary>
    /// <remarks>
    /// The store, activator and filters are this host's own services rather than Hangfire's static defaults, so that
    /// several hosts in one process (the tests) each use their own database.
    /// </remarks>
    public static IServiceCollection AddCrmJobs(this IServiceCollection services, IEnumerable<ICrmModule> modules,
        string provider, string connectionString, JobOptions options, Type platformResources)
    {
        var catalog = new JobCatalog();
        catalog.Add<PruneJobHistoryJob>(PruneJobHistoryJob.Key, "30 3 * * *", "Job_PruneJobHistory", platformResources);
        catalog.Add<RefreshStatisticsJob>(RefreshStatisticsJob.Key, "45 3 * * *", "Job_RefreshStatistics", platformResources);
        // An import keeps its own progress and resumes; a failed sweep is simply the next minute's work.
        catalog.Add<Imports.RunQueuedImportsJob>(Imports.RunQueuedImportsJob.Key, "* * * * *", "Job_RunImports", platformResources, retries: 0);
        foreach (var module in modules)
        {
            module.ConfigureJobs(catalog);
        }

        services.AddSingleton(catalog);
        services.AddSingleton(options);
        foreach (var job in catalog.Jobs)
        {
            services.AddScoped(job.JobType);
        }

        services.AddSingleton<JobInstance>();
        services.AddSingleton<JobRunner>();
        services.AddTransient(typeof(TaskRunner<,>));
        var poll = TimeSpan.FromSeconds(options.PollSeconds);
        services.AddSingleton<JobStorage>(sp => sp.GetRequiredService<IGlobalConfiguration>() is not null && string.Equals(provider, DatabaseProviders.PostgreSql, StringComparison.OrdinalIgnoreCase)
            ? PostgreSqlStore(connectionString, poll)
            : new SQLiteStorage(SqliteStorePath(connectionString), new SQLiteStorageOptions { QueuePollInterval = poll }));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<IJobFilterProvider>(sp => new JobRetryFilters(catalog, options));
        // Run by the Hangfire server beside its own processes (it takes every IBackgroundProcess registered here).
        services.AddSingleton<IBackgroundProcess, StateChangeRescue>();
        services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>())));

        // Started before the server (so stopped after it): the history of the last runs is written at shutdown too.
        services.AddSingleton<JobRunLog>();
        services.AddHostedService(sp => sp.GetRequiredService<JobRunLog>());

        // Schedules are written before the server starts, so that the first due time is not missed.
        services.AddSingleton<JobSchedules>();
        services.AddHostedService(sp => sp.GetRequiredService<JobSchedules>());
        services.AddHangfireServer((sp, o) =>
        {
            o.WorkerCount = options.Workers;
            o.SchedulePollingInterval = poll;
            o.ServerName = sp.GetRequiredService<JobInstance>().Name;
        });
        services.AddSingleton<SharedKernel.Jobs.IJobTrigger, HangfireJobTrigger>();
        return services;
    }

    private static PostgreSqlStorage PostgreSqlStore(string connectionString, TimeSpan poll)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = poll,
            // A job taken by an instance that was killed goes back to the queue after this long; a live one keeps renewing it.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromMinutes(5),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    /// <summary><c>crm.db</c> keeps its jobs in <c>crm.jobs.db</c>: Hangfire's SQLite store has its own connection handling.</summary>
    private static string SqliteStorePath(string connectionString)
    {
        var database = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(database)) ?? ".";
        return Path.Combine(folder, Path.GetFileNameWithoutExtension(database) + ".jobs" + Path.GetExtension(database));
    }
}
