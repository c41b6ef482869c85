using System.Diagnostics;
using Crm.Infrastructure.Jobs;
using Crm.SharedKernel.Jobs;
using Crm.Web.Hosting;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks;

/// <summary>
/// What the platform's jobs layer costs over Hangfire itself: N empty tasks enqueued through <see cref="IJobTrigger"/>
/// (its run history row, its declared key) against N empty jobs enqueued straight with Hangfire's client, as a service
/// method activated from DI (how an ASP.NET Core app uses Hangfire) and as a static method, on the same store and workers.
/// </summary>
public static class JobsScenario
{
    private const string EmptyKey = "bench.empty";

    /// <summary>A task that only counts: what firing and finishing one job costs.</summary>
    public sealed class EmptyTask : ICrmJob<int>
    {
        private static int _remaining;
        private static TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task ExecuteAsync(int arguments, CancellationToken cancellationToken)
        {
            Done();
            return Task.CompletedTask;
        }

        /// <summary>Hangfire's own job: a static method, no scope, no history.</summary>
        public static void Plain(int arguments) => Done();

        /// <summary>Enqueues <paramref name="count"/> jobs and waits until each has run.</summary>
        public static async Task RunAsync(Action enqueue, int count)
        {
            _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _remaining, count);
            for (var i = 0; i < count; i++)
            {
                enqueue();
            }

            await _done.Task.WaitAsync(TimeSpan.FromMinutes(10));
        }

        private static void Done()
        {
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                _done.TrySetResult();
            }
        }
    }

    public static void DeclareEmptyTask(IServiceCollection services)
    {
        var catalog = (JobCatalog)services.Single(d => d.ServiceType == typeof(JobCatalog)).ImplementationInstance!;
        catalog.AddTask<EmptyTask, int>(EmptyKey, "Job_PruneJobHistory", typeof(Crm.Web.SharedResource), retries: 0);
        services.AddScoped<EmptyTask>();
    }

    public static async Task RunAsync(BenchOptions options)
    {
        var count = options.GetInt("jobs", 2_000);
        await using var database = await BenchDatabase.CreateAsync(options);
        var url = $"http://127.0.0.1:{CustomersScenario.FreePort()}";
        var app = CustomersScenario.BuildApp(database.Provider, database.ConnectionString, database.DataFolder, url,
            new Dictionary<string, string> { ["Jobs:Enabled"] = "true", ["Jobs:Workers"] = "10" }, DeclareEmptyTask);
        try
        {
            await app.InitializeAsync(forceMigrate: true);
            await app.StartAsync();
            var trigger = app.Services.GetRequiredService<IJobTrigger>();
            var client = app.Services.GetRequiredService<IBackgroundJobClient>();
            await EmptyTask.RunAsync(() => trigger.Enqueue<EmptyTask, int>(0), 20); // warm up both paths
            await EmptyTask.RunAsync(() => client.Enqueue(() => EmptyTask.Plain(0)), 20);
            await EmptyTask.RunAsync(() => client.Enqueue<EmptyTask>(t => t.ExecuteAsync(0, CancellationToken.None)), 20);

            Console.WriteLine($"provider {database.Provider}: {count:N0} empty jobs each way, 10 workers");
            var results = new List<(string Name, double PerSecond)>();
            for (var round = 0; round < 3; round++)
            {
                var clock = Stopwatch.StartNew();
                await EmptyTask.RunAsync(() => client.Enqueue(() => EmptyTask.Plain(1)), count);
                results.Add(("Hangfire client, static method", count / clock.Elapsed.TotalSeconds));
                clock.Restart();
                await EmptyTask.RunAsync(() => client.Enqueue<EmptyTask>(t => t.ExecuteAsync(1, CancellationToken.None)), count);
                results.Add(("Hangfire client, service from DI", count / clock.Elapsed.TotalSeconds));
                clock.Restart();
                await EmptyTask.RunAsync(() => trigger.Enqueue<EmptyTask, int>(1), count);
                results.Add(("IJobTrigger.Enqueue, ICrmJob<T>", count / clock.Elapsed.TotalSeconds));
            }

            foreach (var group in results.GroupBy(r => r.Name))
            {
                Console.WriteLine($"{group.Key,-34} {string.Join(", ", group.Select(r => $"{r.PerSecond:0} jobs/s"))}");
            }

            double Best(string name) => results.Where(r => r.Name.StartsWith(name, StringComparison.Ordinal)).Max(r => r.PerSecond);
            var ours = Best("IJobTrigger");
            Console.WriteLine($"platform / Hangfire's service job: {ours / Best("Hangfire client, service"):0.00}× (goal ≥ 0.9×); "
                + $"platform / Hangfire's static job: {ours / Best("Hangfire client, static"):0.00}×");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
