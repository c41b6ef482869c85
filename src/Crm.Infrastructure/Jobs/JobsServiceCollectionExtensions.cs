using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Modules;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Crm.Infrastructure.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Quartz with its persistent store in the application database (clustered on PostgreSQL), running every job
    /// the platform and the modules declare. Quartz creates its own tables (prefix <c>qrtz_</c>) when missing.
    /// </summary>
    public static IServiceCollection AddCrmJobs(this IServiceCollection services, IEnumerable<ICrmModule> modules,
        string provider, string connectionString, Type platformResources)
    {
        var catalog = new JobCatalog();
        catalog.Add<PruneJobHistoryJob>(PruneJobHistoryJob.Key, "0 30 3 * * ?", "Job_PruneJobHistory", platformResources);
        catalog.Add<RefreshStatisticsJob>(RefreshStatisticsJob.Key, "0 45 3 * * ?", "Job_RefreshStatistics", platformResources);
        catalog.Add<Imports.RunQueuedImportsJob>(Imports.RunQueuedImportsJob.Key, "0 * * * * ?", "Job_RunImports", platformResources);
        foreach (var module in modules)
        {
            module.ConfigureJobs(catalog);
        }

        services.AddSingleton(catalog);
        var postgres = string.Equals(provider, DatabaseProviders.PostgreSql, StringComparison.OrdinalIgnoreCase);
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o => o.InstanceId = "AUTO");
            q.UsePersistentStore(store =>
            {
                store.UseSystemTextJsonSerializer();
                store.ConfigureStore(o =>
                {
                    o.TablePrefix = "qrtz_";
                    o.SchemaProvisioning = SchemaProvisioning.CreateIfMissing;
                });
                if (postgres)
                {
                    store.UsePostgres(connectionString);
                    store.UseClustering();
                }
                else
                {
                    store.UseSqlite(connectionString);
                }
            });

            foreach (var job in catalog.Jobs)
            {
                var key = new JobKey(job.Key);
                q.AddJob(typeof(QuartzJobAdapter<>).MakeGenericType(job.JobType), j => j.WithIdentity(key).StoreDurably());
                q.AddTrigger(t => t.ForJob(key).WithIdentity(job.Key + ".schedule").WithCronSchedule(job.Cron));
            }
        });
        foreach (var job in catalog.Jobs)
        {
            services.AddScoped(job.JobType);
        }

        services.AddSingleton<SharedKernel.Jobs.IJobTrigger, QuartzJobTrigger>();
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
