using System.Collections.Concurrent;
using System.Net;
using Crm.Infrastructure.Jobs;
using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Jobs;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.IntegrationTests;

/// <summary>
/// The jobs layer on Hangfire, on the real store of each database: schedules, tasks at an instant, cancelling, retries,
/// several instances on one PostgreSQL database, and the dashboard's door.
/// </summary>
public abstract class JobsTests(string provider)
{
    protected const string Ticks = "test.ticks";
    private const string Echo = "test.echo";
    private const string Failing = "test.failing";

    private static readonly Dictionary<string, string> FastRetries = new() { ["Jobs:RetryDelaySeconds"] = "1" };

    /// <summary>The app with the test jobs declared, as a module would declare them.</summary>
    protected static WebApplicationFactory<Program> WithTestJobs(CrmAppFactory app, string tickCron = "*/2 * * * * *") =>
        app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            var catalog = (JobCatalog)services.Single(d => d.ServiceType == typeof(JobCatalog)).ImplementationInstance!;
            catalog.Add<TickJob>(Ticks, tickCron, "Job_PruneJobHistory", typeof(Crm.Web.SharedResource), retries: 0);
            catalog.AddTask<EchoTask, EchoArguments>(Echo, "Job_PruneJobHistory", typeof(Crm.Web.SharedResource));
            catalog.AddTask<FailingTask, Guid>(Failing, "Job_PruneJobHistory", typeof(Crm.Web.SharedResource), retries: 2);
            services.AddScoped<TickJob>();
            services.AddScoped<EchoTask>();
            services.AddScoped<FailingTask>();
        }));

    private static List<JobRun> Runs(WebApplicationFactory<Program> app, string key)
    {
        using var scope = app.Services.CreateScope();
        return [.. scope.ServiceProvider.GetRequiredService<CrmDbContext>().JobRuns.AsNoTracking().Where(r => r.JobKey == key).OrderBy(r => r.StartedAt)];
    }

    private static async Task Until(Func<bool> done, int seconds, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!done())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, what);
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_recurring_job_fires_on_its_schedule_and_each_run_is_recorded()
    {
        using var root = new CrmAppFactory(provider);
        using var app = WithTestJobs(root);
        _ = app.Server;

        await Until(() => Runs(app, Ticks).Count >= 3, 30, "the two-second schedule did not fire three times");
        var runs = Runs(app, Ticks);
        runs.ShouldAllBe(r => r.Succeeded && r.FinishedAt != null);
        // Fired by the schedule, not all at once: consecutive due times are two seconds apart.
        (runs[2].StartedAt - runs[0].StartedAt).ShouldBeGreaterThan(TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task A_task_runs_at_its_instant_with_its_arguments_and_a_cancelled_one_never_runs()
    {
        using var root = new CrmAppFactory(provider);
        using var app = WithTestJobs(root, tickCron: "0 0 1 1 *");
        _ = app.Server;
        var trigger = app.Services.GetRequiredService<IJobTrigger>();

        var due = DateTimeOffset.UtcNow.AddSeconds(3);
        var kept = new EchoArguments(Guid.NewGuid(), "سلام");
        var cancelled = new EchoArguments(Guid.NewGuid(), "never");
        trigger.Schedule<EchoTask, EchoArguments>(kept, due);
        var cancelledId = trigger.Schedule<EchoTask, EchoArguments>(cancelled, due);
        trigger.Cancel(cancelledId).ShouldBeTrue();

        await Until(() => EchoTask.Seen.ContainsKey(kept.Id), 30, "the scheduled task did not run");
        var (text, at) = EchoTask.Seen[kept.Id];
        text.ShouldBe("سلام");
        at.ShouldBeGreaterThanOrEqualTo(due.UtcDateTime.AddMilliseconds(-50));
        await Task.Delay(3000);
        EchoTask.Seen.ContainsKey(cancelled.Id).ShouldBeFalse();
        trigger.Cancel(cancelledId).ShouldBeFalse();

        var now = new EchoArguments(Guid.NewGuid(), "now");
        var nowId = trigger.Enqueue<EchoTask, EchoArguments>(now);
        await Until(() => EchoTask.Seen.ContainsKey(now.Id), 30, "the enqueued task did not run");
        await Until(() => app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().JobDetails(nowId).History[0].StateName == SucceededState.StateName, 10, "not marked succeeded");
        trigger.Cancel(nowId).ShouldBeFalse();
        await Until(() => Runs(app, Echo).Count >= 2, 10, "the runs were not recorded");
        await Task.Delay(500);
        Runs(app, Echo).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_task_that_throws_is_retried_then_shown_as_failed_on_the_dashboard()
    {
        using var root = new CrmAppFactory(provider, FastRetries);
        using var app = WithTestJobs(root, tickCron: "0 0 1 1 *");
        _ = app.Server;
        var id = Guid.NewGuid();
        var jobId = app.Services.GetRequiredService<IJobTrigger>().Enqueue<FailingTask, Guid>(id);
        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();

        // The policy Hangfire is given for this task: two retries, from the catalog, in place of Hangfire's own retry filter.
        var filters = app.Services.GetServices<IJobFilterProvider>().SelectMany(p => p.GetFilters(monitoring.JobDetails(jobId).Job)).Select(f => f.Instance).ToList();
        filters.OfType<AutomaticRetryAttribute>().ShouldBeEmpty();
        filters.OfType<CatalogRetry>().ShouldHaveSingleItem().Attempts.ShouldBe(2);

        // The first run and two retries, whatever the store's load: runs are counted from the job's history, and a state
        // change the store refused is put back by the rescue.
        await Until(() => FailingTask.Attempts.GetValueOrDefault(id) >= 3 && monitoring.JobDetails(jobId).History[0] is var last
            && last.StateName == FailedState.StateName && last.Reason?.StartsWith(StateChangeRescue.ForcedFailure, StringComparison.Ordinal) != true, 90, "the task was not failed after its retries");
        await Task.Delay(1500);
        FailingTask.Attempts[id].ShouldBe(3);
        await Until(() => Runs(app, Failing).Count >= 3, 10, "the runs were not recorded");
        var runs = Runs(app, Failing);
        runs.Count.ShouldBe(3);
        runs.ShouldAllBe(r => !r.Succeeded && r.Error!.Contains("the printer is on fire"));

        var admin = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        var failed = await admin.GetStringAsync(JobsDashboard.Path + "/jobs/failed");
        failed.ShouldContain($"jobs/details/{jobId}");
    }

    [Fact]
    public async Task A_job_the_store_failed_by_refusing_its_state_change_is_put_back_on_its_way()
    {
        using var root = new CrmAppFactory(provider, FastRetries);
        using var app = WithTestJobs(root, tickCron: "0 0 1 1 *");
        _ = app.Server;
        var trigger = app.Services.GetRequiredService<IJobTrigger>();
        var storage = app.Services.GetRequiredService<JobStorage>();
        var later = DateTimeOffset.UtcNow.AddDays(1);

        // Each job is left as Hangfire leaves one whose state change the store refused ten times: failed, filters skipped.
        var neverStarted = new EchoArguments(Guid.NewGuid(), "never started");
        var neverStartedId = trigger.Schedule<EchoTask, EchoArguments>(neverStarted, later);
        ForceFailed(storage, neverStartedId, ProcessingState.StateName);
        var finished = new EchoArguments(Guid.NewGuid(), "finished");
        var finishedId = trigger.Schedule<EchoTask, EchoArguments>(finished, later);
        ForceFailed(storage, finishedId, SucceededState.StateName);
        var failing = Guid.NewGuid();
        var failingId = trigger.Schedule<FailingTask, Guid>(failing, later);
        ForceFailed(storage, failingId, FailedState.StateName);
        var genuine = new EchoArguments(Guid.NewGuid(), "failed for its own reasons");
        var genuineId = trigger.Schedule<EchoTask, EchoArguments>(genuine, later);
        using (var connection = storage.GetConnection())
        {
            new BackgroundJobStateChanger(new JobFilterCollection()).ChangeState(new StateChangeContext(storage, connection, genuineId,
                new FailedState(new InvalidOperationException("bad data")), ScheduledState.StateName)).ShouldNotBeNull();
        }

        var monitoring = storage.GetMonitoringApi();
        await Until(() => EchoTask.Seen.ContainsKey(neverStarted.Id), 30, "the job that never started was not queued again");
        await Until(() => monitoring.JobDetails(finishedId).History[0].StateName == SucceededState.StateName, 30, "the finished job was not marked succeeded");
        EchoTask.Seen.ContainsKey(finished.Id).ShouldBeFalse();
        // A failed run still has its retries: three runs in all, then failed for good.
        await Until(() => FailingTask.Attempts.GetValueOrDefault(failing) >= 3 && monitoring.JobDetails(failingId).History[0].StateName == FailedState.StateName, 60, "the failed run did not get its retries");
        await Task.Delay(6000);
        FailingTask.Attempts[failing].ShouldBe(3);
        monitoring.JobDetails(failingId).History[0].StateName.ShouldBe(FailedState.StateName);
        // A failure that was the job's own is left for a person.
        monitoring.JobDetails(genuineId).History[0].StateName.ShouldBe(FailedState.StateName);
        EchoTask.Seen.ContainsKey(genuine.Id).ShouldBeFalse();
    }

    private static void ForceFailed(JobStorage storage, string jobId, string target)
    {
        using var connection = storage.GetConnection();
        var failed = new FailedState(new InvalidOperationException("database is locked"))
        {
            Reason = $"Failed to change state to a '{target}' one due to an exception after 10 retry attempts",
        };
        new BackgroundJobStateChanger(new JobFilterCollection()).ChangeState(new StateChangeContext(storage, connection, jobId, failed, ScheduledState.StateName))
            .ShouldNotBeNull();
    }

    [Fact]
    public async Task The_dashboard_is_for_those_who_manage_jobs_and_its_posts_need_the_antiforgery_token()
    {
        using var app = new CrmAppFactory(provider);
        var anonymous = app.Browser();
        var signIn = await anonymous.GetAsync(JobsDashboard.Path);
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signIn.Headers.Location!.ToString().ShouldContain("/Identity/Account/SignIn");

        var rep = TestSupport.Unique("jobrep");
        await app.CreateUserAsync(rep, Crm.SharedKernel.Security.CrmRoles.SalesRep, "itest-Rep-9x-long");
        var repClient = app.Browser();
        await repClient.SignInOk(rep, "itest-Rep-9x-long");
        (await repClient.GetAsync(JobsDashboard.Path)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await repClient.GetAsync(JobsDashboard.Path + "/recurring")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var admin = app.Browser();
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        var recurring = await admin.GetAsync(JobsDashboard.Path + "/recurring");
        recurring.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await recurring.Content.ReadAsStringAsync()).ShouldContain("platform.prune-job-history");
        using var forged = new FormUrlEncodedContent([new("jobs[]", "platform.prune-job-history")]);
        (await admin.PostAsync(JobsDashboard.Path + "/recurring/trigger", forged)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await admin.GetStringAsync("/Jobs")).ShouldContain($"href=\"{JobsDashboard.Path}/\"");
    }

    [Fact]
    public async Task Run_now_shows_the_run_as_the_previous_run_and_schedules_read_in_words()
    {
        using var app = new CrmAppFactory(provider);
        var admin = app.Browser();
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        var before = await admin.GetStringAsync("/Jobs");
        before.ShouldContain("هر روز ساعت ۰۳:۳۰");
        before.ShouldContain("<bdi dir=\"ltr\"><code class=\"cron\">30 3 * * *</code></bdi>");
        before.ShouldContain("هر ۱۰ ثانیه");

        (await admin.PostForm("/Jobs", "/Jobs/RunNow", ("key", PruneJobHistoryJob.Key))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await Until(() => app.Query(db => db.JobRuns.Any(r => r.JobKey == PruneJobHistoryJob.Key)), 20, "run now did not run");
        var page = await admin.GetStringAsync("/Jobs");
        var card = page[page.IndexOf($"id=\"job-{PruneJobHistoryJob.Key}\"", StringComparison.Ordinal)..];
        card = card[..card.IndexOf("</form>", StringComparison.Ordinal)];
        card.ShouldNotContain("<span class=\"previous-run\">—</span>");
    }
}

public sealed record EchoArguments(Guid Id, string Text);

public sealed class TickJob : ICrmJob
{
    public Task ExecuteAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed class EchoTask : ICrmJob<EchoArguments>
{
    public static readonly ConcurrentDictionary<Guid, (string Text, DateTime At)> Seen = new();

    public Task ExecuteAsync(EchoArguments arguments, CancellationToken cancellationToken)
    {
        Seen[arguments.Id] = (arguments.Text, DateTime.UtcNow);
        return Task.CompletedTask;
    }
}

public sealed class FailingTask : ICrmJob<Guid>
{
    public static readonly ConcurrentDictionary<Guid, int> Attempts = new();

    public Task ExecuteAsync(Guid arguments, CancellationToken cancellationToken)
    {
        Attempts.AddOrUpdate(arguments, 1, (_, n) => n + 1);
        throw new InvalidOperationException("the printer is on fire");
    }
}

public sealed class SqliteJobsTests() : JobsTests(DatabaseProviders.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresJobsTests() : JobsTests(DatabaseProviders.PostgreSql)
{
    [Fact]
    public async Task Two_instances_on_one_database_run_each_due_time_of_a_recurring_job_once()
    {
        using var root = new CrmAppFactory(DatabaseProviders.PostgreSql);
        using var first = WithTestJobs(root);
        using var second = WithTestJobs(root);
        _ = first.Server;
        _ = second.Server;

        await Task.Delay(TimeSpan.FromSeconds(12));
        await using var connection = new NpgsqlConnection(root.ConnectionString);
        await connection.OpenAsync();
        (await Scalar(connection, "SELECT count(*) FROM hangfire.server")).ShouldBe(2L);
        // Every job the schedule made carries the due time it was made for: no due time twice.
        var made = await Scalar(connection, $"SELECT count(*) FROM hangfire.jobparameter p JOIN hangfire.job j ON j.id = p.jobid WHERE p.name = 'RecurringJobId' AND p.value = '\"{Ticks}\"'");
        var dueTimes = await Scalar(connection, $"SELECT count(DISTINCT t.value) FROM hangfire.jobparameter t JOIN hangfire.jobparameter r ON r.jobid = t.jobid AND r.name = 'RecurringJobId' AND r.value = '\"{Ticks}\"' WHERE t.name = 'Time'");
        made.ShouldBeGreaterThanOrEqualTo(4L);
        dueTimes.ShouldBe(made);

        using var scope = first.Services.CreateScope();
        var runs = scope.ServiceProvider.GetRequiredService<CrmDbContext>().JobRuns.Count(r => r.JobKey == Ticks);
        ((long)runs).ShouldBeInRange(made - 1, made); // the newest may still be on its way
    }

    private static async Task<long> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
