using Stopwatch = System.Diagnostics.Stopwatch;
using Bogus;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Activities.Contracts;
using Crm.Modules.Leads.Domain;
using Crm.Modules.Tags.Contracts;
using Crm.Modules.Workflow.Domain;
using Crm.Modules.Workflow.Features;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks;

/// <summary>
/// The workflow runtime against its goals, with 100,000 leads in the database:
/// saving a lead while 50 enabled workflows match none of it, against the same save with none enabled (goal ≤ 1.1×);
/// 10,000 new leads each starting a three-step workflow, runs finished per second against the same three actions done
/// directly (goal ≥ 0.5×); and 10,000 runs waiting until the same minute, all resumed (goal within 60 s).
/// </summary>
public static class WorkflowScenario
{
    public static async Task RunAsync(BenchOptions options)
    {
        var leads = options.GetInt("leads", 100_000);
        var runs = options.GetInt("runs", 10_000);
        var saves = options.GetInt("saves", 500);
        await using var database = await BenchDatabase.CreateAsync(options);
        var url = $"http://127.0.0.1:{CustomersScenario.FreePort()}";
        var app = CustomersScenario.BuildApp(database.Provider, database.ConnectionString, database.DataFolder, url);
        try
        {
            await app.InitializeAsync(forceMigrate: true);
            Console.WriteLine($"provider {database.Provider}: seeding {leads:N0} leads …");
            var owner = await OwnerAsync(app.Services);
            await SeedLeadsAsync(app.Services, leads, owner, "seed");
            await database.AnalyzeAsync();

            await SaveOverheadAsync(app.Services, owner, saves);
            await ThroughputAsync(app.Services, owner, runs, database.Postgres);
            await WakeAsync(app.Services, owner, runs);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task<Guid> OwnerAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        return await db.Set<Crm.Modules.Identity.Domain.ApplicationUser>().Select(u => u.Id).FirstAsync();
    }

    private static async Task<List<Guid>> SeedLeadsAsync(IServiceProvider services, int count, Guid owner, string city)
    {
        var faker = new Faker("fa");
        var ids = new List<Guid>(count);
        const int batch = 5_000;
        for (var done = 0; done < count; done += batch)
        {
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<AuditOptions>().RecordChanges = false;
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = done; i < Math.Min(count, done + batch); i++)
            {
                db.Add(NewLead(faker, owner, city, i, ids));
            }

            await db.SaveChangesAsync();
        }

        return ids;
    }

    private static Lead NewLead(Faker faker, Guid owner, string city, int i, List<Guid>? ids = null)
    {
        var lead = new Lead { City = city, OwnerId = owner, Rating = i % 5 };
        lead.SetName(faker.Name.FirstName(), faker.Name.LastName());
        lead.SetMobile(CustomersScenario.MobileOf(i));
        ids?.Add(lead.Id);
        return lead;
    }

    private static async Task<Crm.Modules.Workflow.Domain.Workflow> WorkflowAsync(IServiceProvider services, WorkflowDefinition definition, bool enabled = true)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowDefinitions>()
            .CreateAsync("سنجش", "Benchmark", RecordTypes.Lead, definition, enabled, CancellationToken.None);
    }

    private static async Task SetAllAsync(IServiceProvider services, bool enabled)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var definitions = scope.ServiceProvider.GetRequiredService<WorkflowDefinitions>();
        foreach (var id in await db.Set<Crm.Modules.Workflow.Domain.Workflow>().Select(w => w.Id).ToListAsync())
        {
            await definitions.SetEnabledAsync(id, enabled, cancelRuns: true, CancellationToken.None);
        }
    }

    /// <summary>A new lead saved, and a lead's rating changed, each in its own scope as a request would; p50 of paired turns.</summary>
    private static async Task SaveOverheadAsync(IServiceProvider services, Guid owner, int iterations)
    {
        for (var i = 0; i < 50; i++)
        {
            var definition = new WorkflowDefinition { Steps = [new StepSpec { Kind = StepKind.Stop }] };
            definition.Trigger = i % 2 == 0
                ? new TriggerSpec { Kind = TriggerKind.Updated, Field = "Status", To = "Converted" }
                : new TriggerSpec { Kind = TriggerKind.Updated, Field = "City" };
            await WorkflowAsync(services, definition, enabled: false);
        }

        var faker = new Faker("fa");
        var counter = 200_000;
        var target = (await SeedLeadsAsync(services, 1, owner, "target"))[0];
        async Task SaveAsync()
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            db.Add(NewLead(faker, owner, "bench", Interlocked.Increment(ref counter)));
            await db.SaveChangesAsync();
            var lead = await db.Set<Lead>().FirstAsync(l => l.Id == target);
            lead.Rating = (lead.Rating + 1) % 6;
            await db.SaveChangesAsync();
        }

        var (none, _) = await CustomersScenario.PairedP50Async(SaveAsync, SaveAsync, iterations);
        await SetAllAsync(services, enabled: true);
        var (fifty, _) = await CustomersScenario.PairedP50Async(SaveAsync, SaveAsync, iterations);
        await using (var scope = services.CreateAsyncScope())
        {
            var started = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Set<WorkflowRun>().CountAsync();
            Console.WriteLine($"save a new lead and change a lead's rating: none enabled p50 {none:0.00} ms; 50 enabled, none matching p50 {fifty:0.00} ms = {fifty / none:0.00}× (goal ≤ 1.1×); runs started: {started}");
        }

        await SetAllAsync(services, enabled: false);
    }

    /// <summary>10,000 leads each starting tag → rating → task, against the same three commands sent directly.</summary>
    private static async Task ThroughputAsync(IServiceProvider services, Guid owner, int count, bool postgres)
    {
        var city = "throughput";
        await WorkflowAsync(services, new WorkflowDefinition
        {
            Trigger = new TriggerSpec { Kind = TriggerKind.Created },
            Conditions = new ConditionGroup { Rules = [new ConditionRule { Field = "City", Operator = ConditionOperator.Equals, Value = city }] },
            Steps =
            [
                new StepSpec { Kind = StepKind.AddTag, Tags = ["bench"] },
                new StepSpec { Kind = StepKind.SetField, Field = "Rating", Value = "5" },
                new StepSpec { Kind = StepKind.CreateTask, Subject = "Call {FullName}", Amount = 1, Unit = TimeUnit.Hours, Working = true },
            ],
        });
        var started = await SeedLeadsAsync(services, count, owner, city);
        var clock = Stopwatch.StartNew();
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowEngine>().RunDueAsync(CancellationToken.None);
        }

        var engine = clock.Elapsed;
        await using (var scope = services.CreateAsyncScope())
        {
            var completed = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Set<WorkflowRun>().CountAsync(r => r.State == RunState.Completed);
            Console.WriteLine($"workflow: {completed:N0} runs completed in {engine.TotalSeconds:0.0} s = {completed / engine.TotalSeconds:0} runs/s");
        }

        await SetAllAsync(services, enabled: false);
        var direct = await SeedLeadsAsync(services, count, owner, "direct");
        clock.Restart();
        // As many at once as the engine runs: four on PostgreSQL, one on SQLite (one writer at a time).
        await Parallel.ForEachAsync(direct, new ParallelOptions { MaxDegreeOfParallelism = postgres ? 4 : 1 }, async (id, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            var record = new RecordRef(RecordTypes.Lead, id);
            await mediator.Send(new TagRecord(record, ["bench"]), ct);
            var type = scope.ServiceProvider.GetRequiredService<RecordDirectory>().Find(RecordTypes.Lead)!;
            await type.SetFieldAsync(id, "Rating", "5", ct);
            await scope.ServiceProvider.GetRequiredService<CrmDbContext>().SaveChangesAsync(ct);
            await mediator.Send(new PlanActivity(record, ActivityKind.Task, owner, "Call", DateTime.UtcNow.AddHours(1)), ct);
        });
        var directly = clock.Elapsed;
        Console.WriteLine($"direct: {count:N0} × three actions in {directly.TotalSeconds:0.0} s = {count / directly.TotalSeconds:0} per second; workflow / direct = {directly.TotalSeconds / engine.TotalSeconds:0.00}× (goal ≥ 0.5×)");
    }

    /// <summary>10,000 runs waiting until the same minute: the time from that minute until the last has resumed and finished.</summary>
    private static async Task WakeAsync(IServiceProvider services, Guid owner, int count)
    {
        var city = "waiting";
        var workflow = await WorkflowAsync(services, new WorkflowDefinition
        {
            Trigger = new TriggerSpec { Kind = TriggerKind.Created },
            Conditions = new ConditionGroup { Rules = [new ConditionRule { Field = "City", Operator = ConditionOperator.Equals, Value = city }] },
            Steps = [new StepSpec { Kind = StepKind.Wait, Amount = 1, Unit = TimeUnit.Minutes }, new StepSpec { Kind = StepKind.AddTag, Tags = ["woke"] }],
        });
        await SeedLeadsAsync(services, count, owner, city);
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowEngine>().RunDueAsync(CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            // All due at the same instant, now.
            var now = DateTime.UtcNow;
            var waiting = await db.Set<WorkflowRun>().Where(r => r.WorkflowId == workflow.Id && r.State == RunState.Waiting)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.WakeAt, now));
            Console.WriteLine($"{waiting:N0} runs waiting until the same instant");
        }

        var clock = Stopwatch.StartNew();
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowEngine>().RunDueAsync(CancellationToken.None);
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var done = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Set<WorkflowRun>().CountAsync(r => r.WorkflowId == workflow.Id && r.State == RunState.Completed);
            Console.WriteLine($"resumed and finished {done:N0} in {clock.Elapsed.TotalSeconds:0.0} s (goal: all within 60 s)");
        }
    }
}
