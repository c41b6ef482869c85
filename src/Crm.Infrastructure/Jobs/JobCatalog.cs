using Crm.SharedKernel.Jobs;

namespace Crm.Infrastructure.Jobs;

/// <summary>A job as declared by a module or the platform.</summary>
public sealed record JobRegistration(string Key, Type JobType, string Cron, string DescriptionKey, Type ResourceType);

/// <summary>Collects the jobs that modules declare in <c>ConfigureJobs</c>.</summary>
public sealed class JobCatalog : IJobRegistry
{
    private readonly List<JobRegistration> _jobs = [];

    public IReadOnlyList<JobRegistration> Jobs => _jobs;

    public void Add<TJob>(string key, string cron, string descriptionKey, Type resourceType)
        where TJob : class, ICrmJob
    {
        if (_jobs.Any(j => j.Key == key))
        {
            throw new InvalidOperationException($"Job key '{key}' is declared twice.");
        }

        _jobs.Add(new JobRegistration(key, typeof(TJob), cron, descriptionKey, resourceType));
    }
}
