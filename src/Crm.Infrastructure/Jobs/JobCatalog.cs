using Crm.SharedKernel.Jobs;

namespace Crm.Infrastructure.Jobs;

/// <summary>A job as declared by a module or the platform; <see cref="Cron"/> is null for a task run on demand.</summary>
public sealed record JobRegistration(string Key, Type JobType, string? Cron, string DescriptionKey, Type ResourceType, int Retries);

/// <summary>Collects the jobs that modules declare in <c>ConfigureJobs</c>.</summary>
public sealed class JobCatalog : IJobRegistry
{
    private readonly List<JobRegistration> _jobs = [];

    public IReadOnlyList<JobRegistration> Jobs => _jobs;

    /// <summary>The jobs that run on a schedule, in the order they were declared.</summary>
    public IEnumerable<JobRegistration> Scheduled => _jobs.Where(j => j.Cron is not null);

    public JobRegistration? Find(string key) => _jobs.FirstOrDefault(j => j.Key == key);

    /// <summary>The retries of a Hangfire job, found by its first argument (every job's key); none for an unknown job.</summary>
    public int RetriesOf(Hangfire.Common.Job? job) =>
        job?.Args.Count > 0 && job.Args[0] is string key ? Find(key)?.Retries ?? 0 : 0;

    public void Add<TJob>(string key, string cron, string descriptionKey, Type resourceType, int retries = JobRetries.Default)
        where TJob : class, ICrmJob =>
        Declare(new JobRegistration(key, typeof(TJob), cron, descriptionKey, resourceType, retries));

    public void AddTask<TJob, TArguments>(string key, string descriptionKey, Type resourceType, int retries = JobRetries.Default)
        where TJob : class, ICrmJob<TArguments> =>
        Declare(new JobRegistration(key, typeof(TJob), null, descriptionKey, resourceType, retries));

    private void Declare(JobRegistration job)
    {
        if (_jobs.Any(j => j.Key == job.Key))
        {
            throw new InvalidOperationException($"Job key '{job.Key}' is declared twice.");
        }

        if (_jobs.Any(j => j.Cron is null && job.Cron is null && j.JobType == job.JobType))
        {
            throw new InvalidOperationException($"Task '{job.JobType.Name}' is declared twice.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(job.Retries);
        _jobs.Add(job);
    }
}
