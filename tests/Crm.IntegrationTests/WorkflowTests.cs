using Crm.Infrastructure.Persistence;
using Crm.Modules.Activities.Contracts;
using Crm.Modules.Activities.Domain;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Leads.Domain;
using Crm.Modules.Notifications.Domain;
using Crm.Modules.Tags.Domain;
using Crm.Modules.Workflow.Contracts;
using Crm.Modules.Workflow.Domain;
using Crm.Modules.Workflow.Features;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Crm.IntegrationTests.TestSupport;

namespace Crm.IntegrationTests;

/// <summary>A clock the tests move by hand; the app's every part reads it.</summary>
public sealed class MovableClock(DateTime now) : IClock
{
    public DateTime UtcNow { get; set; } = now;
}

/// <summary>The app with its scheduler off and a movable clock: the tests run the workflow engine themselves, at the instants they choose.</summary>
public abstract class WorkflowAppFixture(string provider) : IDisposable
{
    // Saturday 14 Azar 1405, 10:00 in Tehran: a working morning.
    public static readonly DateTime SaturdayMorning = new(2026, 12, 5, 6, 30, 0, DateTimeKind.Utc);

    private WebApplicationFactory<Program>? _app;

    public MovableClock Clock { get; } = new(SaturdayMorning);

    public CrmAppFactory Base { get; } = new(provider, new Dictionary<string, string> { ["Jobs:Enabled"] = "false" });

    public WebApplicationFactory<Program> App => _app ??= Host();

    /// <summary>Another host of the app on the same database (a restart, or a second instance).</summary>
    public WebApplicationFactory<Program> Host(Action<IServiceCollection>? services = null, Action<IWebHostBuilder>? configure = null) =>
        Base.WithWebHostBuilder(b =>
        {
            configure?.Invoke(b);
            b.ConfigureTestServices(s =>
            {
                s.AddSingleton<IClock>(Clock);
                services?.Invoke(s);
            });
        });

    public void Dispose()
    {
        _app?.Dispose();
        Base.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteWorkflowFixture() : WorkflowAppFixture(DatabaseProviders.Sqlite);

public sealed class PostgresWorkflowFixture() : WorkflowAppFixture(DatabaseProviders.PostgreSql);

/// <summary>
/// The workflow runtime on each provider: runs started in the same save as their trigger, conditions with AND/OR, each step
/// kind, waits on the working calendar that outlive the host, the loop guard, versions, retries, and pruning. Each test's
/// workflows match only its own leads (by a city of its own), since the app and its workflows are shared by the class.
/// </summary>
public abstract partial class WorkflowTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : WorkflowAppFixture
{
    protected TFixture Fixture => fixture;

    private MovableClock Clock => fixture.Clock;

    private WebApplicationFactory<Program> App => fixture.App;

    private static WorkflowDefinition Definition(TriggerKind trigger, string city, params StepSpec[] steps) => new()
    {
        Trigger = new TriggerSpec { Kind = trigger },
        Conditions = new ConditionGroup { Rules = [new ConditionRule { Field = "City", Operator = ConditionOperator.Equals, Value = city }] },
        Steps = [.. steps],
    };

    private async Task<Modules.Workflow.Domain.Workflow> NewWorkflowAsync(WorkflowDefinition definition, Guid? owner = null, string recordType = RecordTypes.Lead)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var workflow = await scope.ServiceProvider.GetRequiredService<WorkflowDefinitions>()
            .CreateAsync("گردش آزمایشی", "Test workflow", recordType, definition, enabled: true, CancellationToken.None);
        if (owner is not null)
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var tracked = await db.Set<Modules.Workflow.Domain.Workflow>().FirstAsync(w => w.Id == workflow.Id);
            tracked.OwnerId = owner;
            await db.SaveChangesAsync();
        }

        return workflow;
    }

    private async Task<Guid> NewLeadAsync(string city, Guid? owner = null, Action<Lead>? more = null)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var lead = new Lead { City = city, OwnerId = owner, Source = Modules.Contacts.Contracts.CustomerSource.Phone };
        lead.SetName("مریم", Unique("رضایی"));
        lead.SetMobile(Mobile());
        more?.Invoke(lead);
        db.Add(lead);
        await db.SaveChangesAsync();
        return lead.Id;
    }

    private async Task ChangeLeadAsync(Guid id, Action<Lead> change)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        change(await db.Set<Lead>().FirstAsync(l => l.Id == id));
        await db.SaveChangesAsync();
    }

    private async Task<int> RunEngineAsync(WebApplicationFactory<Program>? host = null)
    {
        await using var scope = (host ?? App).Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowEngine>().RunDueAsync(CancellationToken.None);
    }

    private Task<T> QueryAsync<T>(Func<CrmDbContext, Task<T>> query) => fixture.Base.QueryAsync(query);

    private Task<List<WorkflowRun>> RunsAsync(Guid workflowId) =>
        QueryAsync(db => db.Set<WorkflowRun>().AsNoTracking().Where(r => r.WorkflowId == workflowId).OrderBy(r => r.CreatedAt).ThenBy(r => r.Depth).ToListAsync());

    private Task<List<string>> TagsOfAsync(Guid leadId) =>
        QueryAsync(db => (from link in db.Set<TagLink>() join tag in db.Set<Tag>() on link.TagId equals tag.Id
                          where link.RecordType == RecordTypes.Lead && link.RecordId == leadId
                          select tag.Name).ToListAsync());

    private async Task<Guid> UserAsync(string role = CrmRoles.SalesRep) =>
        (await fixture.Base.CreateUserAsync(Unique("wf"), role, Password, await fixture.Base.NewTeamAsync())).Id;

    [Fact]
    public async Task A_new_lead_starts_its_run_in_the_same_save_and_its_owner_gets_a_tagged_task_due_in_one_working_hour()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var city = Unique("city");
        var workflow = await NewWorkflowAsync(Definition(TriggerKind.Created, city, new StepSpec
        {
            Kind = StepKind.CreateTask, Subject = "Call {FullName}", To = Recipient.Owner, Amount = 1, Unit = TimeUnit.Hours, Working = true, Tags = ["first-call"],
        }));
        var owner = await UserAsync();
        var lead = await NewLeadAsync(city, owner);
        var other = await NewLeadAsync(Unique("elsewhere"), owner);

        var runs = await RunsAsync(workflow.Id);
        runs.Single().State.ShouldBe(RunState.Pending, "a run is written with the new lead, before any job runs");
        runs.ShouldNotContain(r => r.RecordId == other, "the other lead's city does not meet the conditions: its save writes no run");

        await RunEngineAsync();
        runs = await RunsAsync(workflow.Id);
        runs.Single(r => r.RecordId == lead).State.ShouldBe(RunState.Completed);

        var task = await QueryAsync(db => db.Set<Activity>().AsNoTracking().SingleAsync(a => a.RecordId == lead && a.Kind == ActivityKind.Task));
        task.AssigneeId.ShouldBe(owner);
        task.Subject.ShouldStartWith("Call مریم");
        (await QueryAsync(db => db.Set<WorkflowTask>().CountAsync(t => t.ActivityId == task.Id && t.AssigneeId == owner && t.Tags == "first-call")))
            .ShouldBe(1, "the task is in its owner's workflow inbox");
        task.OccurredAt.ShouldBe(WorkflowAppFixture.SaturdayMorning.AddHours(1));
        (await QueryAsync(db => (from link in db.Set<TagLink>() join tag in db.Set<Tag>() on link.TagId equals tag.Id
                                 where link.RecordId == task.Id select tag.Name).ToListAsync())).ShouldContain("first-call");
        (await QueryAsync(db => db.Set<Notification>().CountAsync(n => n.UserId == owner))).ShouldBe(1, "the owner is told of the task");
        (await QueryAsync(db => db.Set<Lead>().Where(l => l.Id == lead).Select(l => l.NextFollowUp).SingleAsync())).ShouldNotBeNull();

        var runId = runs.Single(r => r.RecordId == lead).Id;
        var log = await QueryAsync(db => db.Set<WorkflowStepLog>().AsNoTracking().Where(l => l.RunId == runId).OrderBy(l => l.At).ThenBy(l => l.Outcome).Select(l => l.Outcome).ToListAsync());
        log.ShouldBe([StepOutcome.Started, StepOutcome.Done, StepOutcome.Completed], ignoreOrder: true);
    }

    [Fact]
    public async Task A_task_asked_for_late_on_Thursday_is_due_on_Saturday_morning()
    {
        // Thursday 11:30 in Tehran: half an hour of Thursday's working morning is left, then Friday is off.
        Clock.UtcNow = new DateTime(2026, 12, 10, 8, 0, 0, DateTimeKind.Utc);
        var city = Unique("city");
        await NewWorkflowAsync(Definition(TriggerKind.Created, city, new StepSpec { Kind = StepKind.CreateTask, Subject = "Call", Amount = 1, Unit = TimeUnit.Hours, Working = true }));
        var lead = await NewLeadAsync(city, await UserAsync());
        await RunEngineAsync();
        var task = await QueryAsync(db => db.Set<Activity>().AsNoTracking().SingleAsync(a => a.RecordId == lead && a.Kind == ActivityKind.Task));
        // Saturday 08:30 in Tehran.
        task.OccurredAt.ShouldBe(new DateTime(2026, 12, 12, 5, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task A_status_change_to_a_value_starts_only_the_runs_whose_AND_OR_conditions_hold()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var city = Unique("city");
        var definition = Definition(TriggerKind.Updated, city, new StepSpec { Kind = StepKind.AddTag, Tags = ["lost-good-lead"] });
        definition.Trigger.Field = "Status";
        definition.Trigger.To = "Unqualified";
        // City is ours AND it was New before AND (rated above 3 OR came by referral).
        definition.Conditions.Rules.Add(new ConditionRule { Field = "Status", Operator = ConditionOperator.ChangedFrom, Value = "New" });
        definition.Conditions.Groups.Add(new ConditionGroup
        {
            Any = true,
            Rules =
            [
                new ConditionRule { Field = "Rating", Operator = ConditionOperator.Greater, Value = "3" },
                new ConditionRule { Field = "Source", Operator = ConditionOperator.Equals, Value = "referral" },
            ],
        });
        var workflow = await NewWorkflowAsync(definition);

        var rated = await NewLeadAsync(city, more: l => l.Rating = 4);
        var referred = await NewLeadAsync(city, more: l => l.Source = Modules.Contacts.Contracts.CustomerSource.Referral);
        var neither = await NewLeadAsync(city, more: l => l.Rating = 2);
        var contactedFirst = await NewLeadAsync(city, more: l => { l.Rating = 5; l.Status = LeadStatus.Contacted; });
        var otherStatus = await NewLeadAsync(city, more: l => l.Rating = 5);
        var cooled = await NewLeadAsync(city, more: l => l.Rating = 4);
        (await RunsAsync(workflow.Id)).ShouldBeEmpty("creating is not the trigger");

        foreach (var id in new[] { rated, referred, neither, contactedFirst, cooled })
        {
            await ChangeLeadAsync(id, l => l.Status = LeadStatus.Unqualified);
        }

        await ChangeLeadAsync(otherStatus, l => l.Status = LeadStatus.Qualified);
        await ChangeLeadAsync(referred, l => l.Rating = 1);
        // Its conditions held when it changed status, but no longer when the engine takes its run up.
        await ChangeLeadAsync(cooled, l => l.Rating = 1);
        await RunEngineAsync();

        var runs = await RunsAsync(workflow.Id);
        runs.Select(r => r.RecordId).ShouldBe([rated, referred, cooled], ignoreOrder: true,
            "only changes of Status to Unqualified whose record meets the conditions start a run: 'neither' is rated 2, 'contactedFirst' was not New");
        runs.Where(r => r.State == RunState.Completed).Select(r => r.RecordId).ShouldBe([rated, referred], ignoreOrder: true);
        runs.Single(r => r.RecordId == cooled).State.ShouldBe(RunState.Skipped, "the engine checks the conditions again when it starts the run");
        (await TagsOfAsync(rated)).ShouldContain("lost-good-lead");
        (await TagsOfAsync(neither)).ShouldBeEmpty();
    }

    [Fact]
    public async Task If_and_else_branches_and_set_field_take_the_path_the_record_calls_for()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var city = Unique("city");
        var workflow = await NewWorkflowAsync(Definition(TriggerKind.Created, city,
            new StepSpec
            {
                Kind = StepKind.If,
                Condition = new ConditionGroup { Rules = [new ConditionRule { Field = "Source", Operator = ConditionOperator.In, Value = "Referral, WalkIn" }] },
                Then = [new StepSpec { Kind = StepKind.SetField, Field = "Priority", Value = "High" }],
                Else = [new StepSpec { Kind = StepKind.SetField, Field = "Priority", Value = "Low" }, new StepSpec { Kind = StepKind.AddTag, Tags = ["cold"] }],
            },
            new StepSpec { Kind = StepKind.SetField, Field = "Rating", Value = "3" },
            new StepSpec { Kind = StepKind.SetField, Field = "Status", Value = "Contacted" },
            new StepSpec { Kind = StepKind.Stop },
            new StepSpec { Kind = StepKind.SetField, Field = "Rating", Value = "5" }));
        var referred = await NewLeadAsync(city, more: l => l.Source = Modules.Contacts.Contracts.CustomerSource.Referral);
        var phoned = await NewLeadAsync(city);
        await RunEngineAsync();

        var leads = await QueryAsync(db => db.Set<Lead>().AsNoTracking().Where(l => l.Id == referred || l.Id == phoned).ToDictionaryAsync(l => l.Id));
        var states = await RunsAsync(workflow.Id);
        states.ShouldAllBe(r => r.State == RunState.Completed, "two runs writing the first status change at once do not collide");
        leads[referred].Priority.ShouldBe(LeadPriority.High);
        leads[phoned].Priority.ShouldBe(LeadPriority.Low);
        leads.Values.ShouldAllBe(l => l.Rating == 3, "the step after Stop never runs");
        (await TagsOfAsync(phoned)).ShouldBe(["cold"]);
        (await TagsOfAsync(referred)).ShouldBeEmpty();
        (await RunsAsync(workflow.Id)).ShouldAllBe(r => r.State == RunState.Completed);
        var timeline = await QueryAsync(db => db.Set<Activity>().AsNoTracking().Where(a => a.RecordId == phoned).OrderBy(a => a.Kind).ToListAsync());
        timeline.Select(a => a.Kind).ShouldBe([ActivityKind.Event, ActivityKind.StatusChange], "the status a workflow sets is on the timeline as a person's is, and so is the run");
        timeline[1].Subject.ShouldContain("Contacted");
        timeline[0].Subject.ShouldContain("Test workflow");
    }

    [Fact]
    public async Task A_wait_of_two_working_days_outlives_the_host_and_resumes_on_the_right_day()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var city = Unique("city");
        var owner = await UserAsync();
        var workflow = await NewWorkflowAsync(Definition(TriggerKind.Created, city,
            new StepSpec { Kind = StepKind.Wait, Amount = 2, Unit = TimeUnit.Days, Working = true },
            new StepSpec { Kind = StepKind.Notify, To = Recipient.Owner, Text = "Two days since {FullName} came in" }));
        var lead = await NewLeadAsync(city, owner);
        await RunEngineAsync();
        var run = (await RunsAsync(workflow.Id)).Single();
        run.State.ShouldBe(RunState.Waiting);
        run.WakeAt.ShouldBe(WorkflowAppFixture.SaturdayMorning.AddDays(2), "Monday at the same time");
        run.ClaimToken.ShouldBeNull();

        // Another host of the app, as after a restart: nothing is due on Sunday; on Monday the run goes on.
        using (var restarted = fixture.Host())
        {
            Clock.UtcNow = WorkflowAppFixture.SaturdayMorning.AddDays(1);
            await RunEngineAsync(restarted);
            (await RunsAsync(workflow.Id)).Single().State.ShouldBe(RunState.Waiting, "not due on Sunday");
            Clock.UtcNow = WorkflowAppFixture.SaturdayMorning.AddDays(2).AddMinutes(1);
            await RunEngineAsync(restarted);
        }

        (await RunsAsync(workflow.Id)).Single().State.ShouldBe(RunState.Completed);
        var notice = await QueryAsync(db => db.Set<Notification>().AsNoTracking().SingleAsync(n => n.UserId == owner));
        notice.EnglishText.ShouldStartWith("Two days since مریم");
        notice.Url.ShouldBe($"/Leads/Leads/Details/{lead}");
    }

    [Fact]
    public async Task A_wait_for_a_condition_goes_on_when_it_holds_or_when_its_time_is_up()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var city = Unique("city");
        var workflow = await NewWorkflowAsync(Definition(TriggerKind.Created, city,
            new StepSpec
            {
                Kind = StepKind.Wait, Amount = 3, Unit = TimeUnit.Days,
                Condition = new ConditionGroup { Rules = [new ConditionRule { Field = "Status", Operator = ConditionOperator.Equals, Value = "Qualified" }] },
            },
            new StepSpec { Kind = StepKind.AddTag, Tags = ["after-wait"] }));
        var qualified = await NewLeadAsync(city);
        var silent = await NewLeadAsync(city);
        await RunEngineAsync();
        (await RunsAsync(workflow.Id)).ShouldAllBe(r => r.State == RunState.Waiting);

        await ChangeLeadAsync(qualified, l => l.Status = LeadStatus.Qualified);
        Clock.UtcNow = Clock.UtcNow.AddMinutes(16);
        await RunEngineAsync();
        var runs = await RunsAsync(workflow.Id);
        runs.Single(r => r.RecordId == qualified).State.ShouldBe(RunState.Completed);
        runs.Single(r => r.RecordId == silent).State.ShouldBe(RunState.Waiting);

        for (var hour = 1; hour <= 3 * 24 + 1; hour += 6)
        {
            Clock.UtcNow = WorkflowAppFixture.SaturdayMorning.AddHours(hour);
            await RunEngineAsync();
        }

        runs = await RunsAsync(workflow.Id);
        runs.Single(r => r.RecordId == silent).State.ShouldBe(RunState.Completed);
        (await TagsOfAsync(silent)).ShouldBe(["after-wait"]);
        var silentRun = runs.Single(r => r.RecordId == silent).Id;
        (await QueryAsync(db => db.Set<WorkflowStepLog>().AnyAsync(l => l.RunId == silentRun && l.Detail!.Contains("Log_TimedOut")))).ShouldBeTrue();
    }

    [Fact]
    public async Task A_workflow_that_triggers_itself_is_stopped_by_the_loop_guard_and_the_log_says_why()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var city = Unique("city");
        var definition = Definition(TriggerKind.Updated, city, new StepSpec
        {
            Kind = StepKind.If,
            Condition = new ConditionGroup { Rules = [new ConditionRule { Field = "Rating", Operator = ConditionOperator.Equals, Value = "1" }] },
            Then = [new StepSpec { Kind = StepKind.SetField, Field = "Rating", Value = "2" }],
            Else = [new StepSpec { Kind = StepKind.SetField, Field = "Rating", Value = "1" }],
        });
        definition.Trigger.Field = "Rating";
        var workflow = await NewWorkflowAsync(definition);
        var lead = await NewLeadAsync(city);
        await ChangeLeadAsync(lead, l => l.Rating = 1);
        await RunEngineAsync();

        var runs = await RunsAsync(workflow.Id);
        runs.Select(r => r.Depth).ShouldBe([0, 1, 2, 3, 4]);
        runs.Take(4).ShouldAllBe(r => r.State == RunState.Completed);
        runs[4].State.ShouldBe(RunState.Refused);
        runs[4].Error!.ShouldContain("Log_LoopGuard");
        runs[4].CausedByRunId.ShouldBe(runs[3].Id);
    }

    [Fact]
    public async Task Runs_waiting_when_the_workflow_is_edited_keep_the_version_they_started_with()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var city = Unique("city");
        WorkflowDefinition Tagging(string tag) => Definition(TriggerKind.Created, city,
            new StepSpec { Kind = StepKind.Wait, Amount = 1, Unit = TimeUnit.Days }, new StepSpec { Kind = StepKind.AddTag, Tags = [tag] });
        var workflow = await NewWorkflowAsync(Tagging("version-one"));
        var early = await NewLeadAsync(city);
        await RunEngineAsync();

        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowDefinitions>().PublishAsync(workflow.Id, Tagging("version-two"), CancellationToken.None);
        }

        var late = await NewLeadAsync(city);
        await RunEngineAsync();
        Clock.UtcNow = Clock.UtcNow.AddDays(1).AddMinutes(1);
        await RunEngineAsync();

        (await TagsOfAsync(early)).ShouldBe(["version-one"]);
        (await TagsOfAsync(late)).ShouldBe(["version-two"]);
        (await RunsAsync(workflow.Id)).Select(r => r.VersionId).Distinct().Count().ShouldBe(2);
    }

    [Fact]
    public async Task A_failing_step_is_tried_again_later_and_again_then_the_run_fails_and_the_workflow_owner_is_told()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var city = Unique("city");
        var designer = await UserAsync(CrmRoles.Administrator);
        var workflow = await NewWorkflowAsync(Definition(TriggerKind.Created, city,
            new StepSpec { Kind = StepKind.AddTag, Tags = ["seen"] },
            new StepSpec { Kind = StepKind.CreateTask, Subject = "Call", Amount = 1, Unit = TimeUnit.Hours }), designer);
        var failing = new FailingFollowUps();
        using var host = fixture.Host(s => s.AddScoped<Mediator.INotificationHandler<FollowUpsChanged>>(_ => failing));
        var lead = await NewLeadAsync(city, await UserAsync());

        await RunEngineAsync(host);
        var run = (await RunsAsync(workflow.Id)).Single();
        run.State.ShouldBe(RunState.Pending, "its start rolled back with the steps after it");
        run.Attempts.ShouldBe(1);
        run.WakeAt.ShouldBe(Clock.UtcNow.AddMinutes(1));
        (await QueryAsync(db => db.Set<Activity>().CountAsync(a => a.RecordId == lead))).ShouldBe(0, "the failed step's task was rolled back with it");
        (await TagsOfAsync(lead)).ShouldBeEmpty("and so was the tag of the step before it, in the same transaction");

        Clock.UtcNow = Clock.UtcNow.AddSeconds(30);
        await RunEngineAsync(host);
        (await RunsAsync(workflow.Id)).Single().Attempts.ShouldBe(1, "not yet due");
        Clock.UtcNow = Clock.UtcNow.AddSeconds(31);
        await RunEngineAsync(host);
        run = (await RunsAsync(workflow.Id)).Single();
        run.Attempts.ShouldBe(2);
        run.WakeAt.ShouldBe(Clock.UtcNow.AddMinutes(2), "the delay doubles");

        Clock.UtcNow = Clock.UtcNow.AddMinutes(2);
        await RunEngineAsync(host);
        run = (await RunsAsync(workflow.Id)).Single();
        run.State.ShouldBe(RunState.Failed);
        run.Error!.ShouldContain("follow-ups are down");
        failing.Calls.ShouldBe(3);
        (await TagsOfAsync(lead)).ShouldBeEmpty("the steps between two waits commit together, so the tag went with each failed try");
        var notice = await QueryAsync(db => db.Set<Notification>().AsNoTracking().SingleAsync(n => n.UserId == designer));
        notice.EnglishText.ShouldContain("Test workflow");
        notice.PersianText.ShouldContain("گردش آزمایشی");

        // Mended (this host's follow-ups work), an administrator tries the run again from where it failed.
        var admin = await SignedInAsync(CrmRoles.Administrator);
        (await admin.PostForm($"/Workflow/Workflows/Run/{run.Id}", $"/Workflow/Workflows/RetryRun/{run.Id}")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        await RunEngineAsync();
        (await RunsAsync(workflow.Id)).Single().State.ShouldBe(RunState.Completed);
        (await TagsOfAsync(lead)).ShouldBe(["seen"]);
        (await QueryAsync(db => db.Set<Activity>().CountAsync(a => a.RecordId == lead && a.Kind == ActivityKind.Task))).ShouldBe(1);
        var rep = await SignedInAsync(CrmRoles.SalesRep);
        (await rep.PostForm("/Workflow/WorkflowTasks", $"/Workflow/Workflows/RetryRun/{run.Id}")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_manual_workflow_starts_from_a_record_and_others_do_not()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var city = Unique("city");
        var manual = await NewWorkflowAsync(Definition(TriggerKind.Manual, city, new StepSpec { Kind = StepKind.AddTag, Tags = ["by-hand"] }));
        var automatic = await NewWorkflowAsync(Definition(TriggerKind.Created, Unique("nowhere"), new StepSpec { Kind = StepKind.Stop }));
        var lead = await NewLeadAsync(city);
        (await RunsAsync(manual.Id)).ShouldBeEmpty();

        await using (var scope = App.Services.CreateAsyncScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            (await mediator.Send(new StartWorkflow(manual.Id, new RecordRef(RecordTypes.Lead, lead)))).ShouldNotBeNull();
            (await mediator.Send(new StartWorkflow(automatic.Id, new RecordRef(RecordTypes.Lead, lead)))).ShouldBeNull();
            (await mediator.Send(new StartWorkflow(manual.Id, new RecordRef(RecordTypes.Contact, lead)))).ShouldBeNull();
        }

        await RunEngineAsync();
        (await TagsOfAsync(lead)).ShouldBe(["by-hand"]);
    }

    [Fact]
    public async Task Finished_runs_older_than_the_retention_time_are_pruned_with_their_logs()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var city = Unique("city");
        var workflow = await NewWorkflowAsync(Definition(TriggerKind.Created, city, new StepSpec { Kind = StepKind.Wait, Amount = 200, Unit = TimeUnit.Days }));
        await NewLeadAsync(city);
        var gone = await NewLeadAsync(city);
        await ChangeLeadAsync(gone, l => l.IsDeleted = true);
        await RunEngineAsync();
        var runs = await RunsAsync(workflow.Id);
        var skipped = runs.Single(r => r.State == RunState.Skipped);

        await using (var scope = App.Services.CreateAsyncScope())
        {
            Clock.UtcNow = WorkflowAppFixture.SaturdayMorning.AddDays(181);
            await ActivatorUtilities.CreateInstance<PruneWorkflowRunsJob>(scope.ServiceProvider).ExecuteAsync(CancellationToken.None);
        }

        var left = await RunsAsync(workflow.Id);
        left.Select(r => r.Id).ShouldBe([runs.Single(r => r.State == RunState.Waiting).Id], "the waiting run is not finished, so it stays");
        (await QueryAsync(db => db.Set<WorkflowStepLog>().CountAsync(l => l.RunId == skipped.Id))).ShouldBe(0);
    }

    private async Task<HttpClient> SignedInAsync(string role, Guid? team = null)
    {
        var name = Unique("wf");
        await fixture.Base.CreateUserAsync(name, role, Password, team ?? await fixture.Base.NewTeamAsync());
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await client.SignInOk(name, Password);
        return client;
    }

    [Fact]
    public async Task A_sales_rep_cannot_open_the_designer_nor_the_run_log_of_another_teams_record()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var team = await fixture.Base.NewTeamAsync();
        var rep = await SignedInAsync(CrmRoles.SalesRep, team);
        var workflow = await NewWorkflowAsync(Definition(TriggerKind.Created, Unique("city"), new StepSpec { Kind = StepKind.Stop }));
        (await rep.GetAsync("/Workflow/Workflows")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
        (await rep.GetAsync($"/Workflow/Workflows/Details/{workflow.Id}")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
        (await rep.GetAsync("/Workflow/Workflows/New")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);

        var colleague = (await fixture.Base.CreateUserAsync(Unique("wf"), CrmRoles.SalesRep, Password, team)).Id;
        var ours = await NewLeadAsync(Unique("city"), colleague, l => l.TeamId = team);
        var theirs = await NewLeadAsync(Unique("city"), await UserAsync(), l => l.TeamId = Guid.NewGuid());
        (await rep.GetAsync($"/Workflow/RecordWorkflows?type=Lead&id={ours}")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await rep.GetAsync($"/Workflow/RecordWorkflows?type=Lead&id={theirs}")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        (await rep.PostForm($"/Workflow/RecordWorkflows?type=Lead&id={ours}", $"/Workflow/RecordWorkflows/Start?workflowId={workflow.Id}&type=Lead&id={theirs}"))
            .StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_designer_refuses_a_bad_definition_with_its_reasons_and_saves_a_good_one_as_a_new_version()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var admin = await SignedInAsync(CrmRoles.Administrator);
        (await admin.GetAsync("/Workflow/Workflows/New")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        var bad = new WorkflowDefinition
        {
            Trigger = new TriggerSpec { Kind = TriggerKind.Created },
            Steps =
            [
                new StepSpec { Kind = StepKind.Notify, Text = "Call {Nickname} now" },
                new StepSpec
                {
                    Kind = StepKind.Wait,
                    Condition = new ConditionGroup { Rules = [new ConditionRule { Field = "Status", Operator = ConditionOperator.Equals, Value = "Qualified" }] },
                },
                new StepSpec { Kind = StepKind.Stop },
                new StepSpec { Kind = StepKind.SetField, Field = "Status", Value = "Sleeping" },
            ],
        };
        var refused = await admin.PostForm("/Workflow/Workflows/New", "/Workflow/Workflows/Save?culture=en-US&ui-culture=en-US",
            ("NamePersian", "پیگیری"), ("NameEnglish", "Follow-up " + new string('x', 5000)), ("RecordType", "Lead"), ("Definition", bad.ToJson()));
        refused.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        var html = System.Net.WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        html.ShouldContain("{Nickname}");
        html.ShouldContain("time-out");
        html.ShouldContain("can never be reached");
        html.ShouldContain("does not fit");
        html.ShouldContain("at most 100 characters");
        html.ShouldContain("value=\"پیگیری\"");
        (await QueryAsync(db => db.Set<Modules.Workflow.Domain.Workflow>().CountAsync(w => w.NamePersian == "پیگیری"))).ShouldBe(0);

        var good = Definition(TriggerKind.Created, Unique("city"), new StepSpec { Kind = StepKind.Notify, Text = "Call {FullName} now" });
        var saved = await admin.PostForm("/Workflow/Workflows/New", "/Workflow/Workflows/Save",
            ("NamePersian", "پیگیری"), ("NameEnglish", "Follow-up"), ("RecordType", "Lead"), ("Enabled", "true"), ("Definition", good.ToJson()));
        saved.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        var id = Guid.Parse(saved.Headers.Location!.ToString().Split('/').Last());
        var details = System.Net.WebUtility.HtmlDecode(await admin.GetStringAsync($"/Workflow/Workflows/Details/{id}"));
        details.ShouldContain("Call {FullName} now");

        var stamp = await QueryAsync(db => db.Set<Modules.Workflow.Domain.Workflow>().Where(w => w.Id == id).Select(w => w.Version).SingleAsync());
        good.Steps.Add(new StepSpec { Kind = StepKind.AddTag, Tags = ["second"] });
        (await admin.PostForm($"/Workflow/Workflows/Edit/{id}", "/Workflow/Workflows/Save",
            ("Id", id.ToString()), ("Stamp", stamp.ToString()), ("NamePersian", "پیگیری"), ("NameEnglish", "Follow-up"), ("Enabled", "true"), ("Definition", good.ToJson())))
            .StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        (await QueryAsync(db => db.Set<WorkflowVersion>().CountAsync(v => v.WorkflowId == id))).ShouldBe(2);
        var stale = await admin.PostForm($"/Workflow/Workflows/Edit/{id}", "/Workflow/Workflows/Save?culture=en-US&ui-culture=en-US",
            ("Id", id.ToString()), ("Stamp", stamp.ToString()), ("NamePersian", "پیگیری"), ("NameEnglish", "Overwritten"), ("Enabled", "true"), ("Definition", good.ToJson()));
        stale.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        (await stale.Content.ReadAsStringAsync()).ShouldContain("Someone else changed this workflow");
    }

    [Fact]
    public async Task A_dry_run_shows_the_branch_a_record_takes_and_changes_nothing()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var admin = await SignedInAsync(CrmRoles.Administrator);
        var city = Unique("city");
        var name = Unique("Dry");
        var lead = await NewLeadAsync(city, await UserAsync(), l => { l.SetName(name, "Runner"); l.Source = Modules.Contacts.Contracts.CustomerSource.Referral; });
        var definition = Definition(TriggerKind.Created, city, new StepSpec
        {
            Kind = StepKind.If,
            Condition = new ConditionGroup { Rules = [new ConditionRule { Field = "Source", Operator = ConditionOperator.Equals, Value = "Referral" }] },
            Then = [new StepSpec { Kind = StepKind.AddTag, Tags = ["from-{City}"] }],
            Else = [new StepSpec { Kind = StepKind.SetField, Field = "Priority", Value = "Low" }],
        });
        var response = await admin.PostForm("/Workflow/Workflows/New", "/Workflow/Workflows/DryRun?culture=en-US&ui-culture=en-US",
            ("NamePersian", "آزمایش"), ("NameEnglish", "Try"), ("RecordType", "Lead"), ("Definition", definition.ToJson()), ("record", name));
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        html.ShouldContain(name + " Runner");
        html.ShouldContain("from-" + city);
        System.Text.RegularExpressions.Regex.Count(html, "not taken").ShouldBe(2, "the else marker and its step are not taken");
        (await TagsOfAsync(lead)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_approval_goes_down_its_approved_or_its_rejected_branch_with_the_comment_and_only_its_approver_decides()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var city = Unique("city");
        var approverName = Unique("approver");
        var approver = (await fixture.Base.CreateUserAsync(approverName, CrmRoles.SalesManager, Password, await fixture.Base.NewTeamAsync())).Id;
        var workflow = await NewWorkflowAsync(Definition(TriggerKind.Created, city, new StepSpec
        {
            Kind = StepKind.Approval, Subject = "Discount for {FullName}", To = Recipient.User, UserId = approver, Amount = 2, Unit = TimeUnit.Days, Working = true, Tags = ["discount"],
            Then = [new StepSpec { Kind = StepKind.AddTag, Tags = ["approved"] }],
            Else = [new StepSpec { Kind = StepKind.AddTag, Tags = ["rejected"] }],
        }));
        var yes = await NewLeadAsync(city, await UserAsync());
        var no = await NewLeadAsync(city, await UserAsync());
        await RunEngineAsync();
        (await RunsAsync(workflow.Id)).ShouldAllBe(r => r.State == RunState.Waiting);
        var tasks = await QueryAsync(db => db.Set<WorkflowTask>().AsNoTracking().Where(t => t.AssigneeId == approver).ToListAsync());
        tasks.Count.ShouldBe(2);

        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await client.SignInOk(approverName, Password);
        var inbox = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/Workflow/WorkflowTasks?tag=discount"));
        inbox.ShouldContain("Discount for مریم");
        var stranger = await SignedInAsync(CrmRoles.SalesManager);
        var yesTask = tasks.Single(t => t.RecordId == yes).Id;
        (await stranger.PostForm("/Workflow/WorkflowTasks", $"/Workflow/WorkflowTasks/Decide/{yesTask}", ("approve", "true"))).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);

        (await client.PostForm("/Workflow/WorkflowTasks", $"/Workflow/WorkflowTasks/Decide/{yesTask}", ("approve", "true"), ("comment", "within policy")))
            .StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        (await client.PostForm("/Workflow/WorkflowTasks", $"/Workflow/WorkflowTasks/Decide/{tasks.Single(t => t.RecordId == no).Id}", ("approve", "false"), ("comment", "too deep")))
            .StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        await RunEngineAsync();

        (await RunsAsync(workflow.Id)).ShouldAllBe(r => r.State == RunState.Completed);
        (await TagsOfAsync(yes)).ShouldBe(["approved"]);
        (await TagsOfAsync(no)).ShouldBe(["rejected"]);
        var runNo = (await RunsAsync(workflow.Id)).Single(r => r.RecordId == no).Id;
        (await QueryAsync(db => db.Set<WorkflowStepLog>().AnyAsync(l => l.RunId == runNo && l.Detail!.Contains("too deep")))).ShouldBeTrue();
        (await QueryAsync(db => db.Set<Activity>().CountAsync(a => (a.RecordId == yes || a.RecordId == no) && a.CompletedAt != null))).ShouldBe(2);
    }

    [Fact]
    public async Task An_approval_with_no_answer_in_time_takes_the_rejected_branch()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var city = Unique("city");
        var workflow = await NewWorkflowAsync(Definition(TriggerKind.Created, city, new StepSpec
        {
            Kind = StepKind.Approval, Subject = "Approve", To = Recipient.Owner, Amount = 3, Unit = TimeUnit.Hours,
            Then = [new StepSpec { Kind = StepKind.AddTag, Tags = ["approved"] }],
            Else = [new StepSpec { Kind = StepKind.AddTag, Tags = ["no-answer"] }],
        }));
        var lead = await NewLeadAsync(city, await UserAsync());
        await RunEngineAsync();
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning.AddHours(2);
        await RunEngineAsync();
        (await RunsAsync(workflow.Id)).Single().State.ShouldBe(RunState.Waiting);
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning.AddHours(3).AddMinutes(1);
        await RunEngineAsync();
        (await RunsAsync(workflow.Id)).Single().State.ShouldBe(RunState.Completed);
        (await TagsOfAsync(lead)).ShouldBe(["no-answer"]);
    }

    [Fact]
    public async Task A_task_the_run_waits_for_resumes_it_when_done_from_the_inbox_or_from_its_own_page()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var city = Unique("city");
        var ownerName = Unique("owner");
        var owner = (await fixture.Base.CreateUserAsync(ownerName, CrmRoles.SalesRep, Password, await fixture.Base.NewTeamAsync())).Id;
        var workflow = await NewWorkflowAsync(Definition(TriggerKind.Created, city,
            new StepSpec { Kind = StepKind.CreateTask, Subject = "Send the catalogue", Amount = 1, Unit = TimeUnit.Days, WaitUntilDone = true },
            new StepSpec { Kind = StepKind.AddTag, Tags = ["catalogue-sent"] }));
        var viaInbox = await NewLeadAsync(city, owner);
        var viaPage = await NewLeadAsync(city, owner);
        await RunEngineAsync();
        (await RunsAsync(workflow.Id)).ShouldAllBe(r => r.State == RunState.Waiting);

        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await client.SignInOk(ownerName, Password);
        var tasks = await QueryAsync(db => db.Set<WorkflowTask>().AsNoTracking().Where(t => t.AssigneeId == owner).ToListAsync());
        (await client.PostForm("/Workflow/WorkflowTasks", $"/Workflow/WorkflowTasks/Done/{tasks.Single(t => t.RecordId == viaInbox).Id}"))
            .StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        var activity = tasks.Single(t => t.RecordId == viaPage).ActivityId;
        (await client.PostForm($"/Activities/Activities/Details/{activity}", $"/Activities/Activities/Done/{activity}", ("done", "true")))
            .StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        await RunEngineAsync();

        (await RunsAsync(workflow.Id)).ShouldAllBe(r => r.State == RunState.Completed);
        (await TagsOfAsync(viaInbox)).ShouldBe(["catalogue-sent"]);
        (await TagsOfAsync(viaPage)).ShouldBe(["catalogue-sent"]);
        (await client.GetStringAsync("/Workflow/WorkflowTasks")).ShouldNotContain("Send the catalogue");
    }

    [Fact]
    public async Task A_task_done_while_its_run_waits_for_something_else_does_not_cut_that_wait_short()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var city = Unique("city");
        var ownerName = Unique("owner");
        var owner = (await fixture.Base.CreateUserAsync(ownerName, CrmRoles.SalesRep, Password, await fixture.Base.NewTeamAsync())).Id;
        var workflow = await NewWorkflowAsync(Definition(TriggerKind.Created, city,
            new StepSpec { Kind = StepKind.CreateTask, Subject = "Quick call", Amount = 1, Unit = TimeUnit.Hours },
            new StepSpec { Kind = StepKind.Wait, Amount = 2, Unit = TimeUnit.Days },
            new StepSpec { Kind = StepKind.AddTag, Tags = ["two-days-later"] }));
        var lead = await NewLeadAsync(city, owner);
        await RunEngineAsync();
        var waking = (await RunsAsync(workflow.Id)).Single().WakeAt;

        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await client.SignInOk(ownerName, Password);
        var task = await QueryAsync(db => db.Set<WorkflowTask>().AsNoTracking().SingleAsync(t => t.RecordId == lead));
        (await client.PostForm("/Workflow/WorkflowTasks", $"/Workflow/WorkflowTasks/Done/{task.Id}")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        await RunEngineAsync();

        var run = (await RunsAsync(workflow.Id)).Single();
        run.State.ShouldBe(RunState.Waiting);
        run.WakeAt.ShouldBe(waking);
        (await TagsOfAsync(lead)).ShouldBeEmpty();
    }

    private sealed class FailingFollowUps : Mediator.INotificationHandler<FollowUpsChanged>
    {
        public int Calls { get; private set; }

        public ValueTask Handle(FollowUpsChanged notification, CancellationToken cancellationToken)
        {
            Calls++;
            throw new InvalidOperationException("follow-ups are down");
        }
    }
}

public sealed class SqliteWorkflowTests(SqliteWorkflowFixture fixture) : WorkflowTests<SqliteWorkflowFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresWorkflowTests(PostgresWorkflowFixture fixture) : WorkflowTests<PostgresWorkflowFixture>(fixture)
{
    [Fact]
    public async Task Two_hosts_on_one_database_execute_each_step_exactly_once()
    {
        Fixture.Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var city = Unique("city");
        Modules.Workflow.Domain.Workflow workflow;
        await using (var scope = Fixture.App.Services.CreateAsyncScope())
        {
            workflow = await scope.ServiceProvider.GetRequiredService<WorkflowDefinitions>().CreateAsync("دو میزبان", "Two hosts", RecordTypes.Lead, new WorkflowDefinition
            {
                Trigger = new TriggerSpec { Kind = TriggerKind.Created },
                Conditions = new ConditionGroup { Rules = [new ConditionRule { Field = "City", Operator = ConditionOperator.Equals, Value = city }] },
                Steps =
                [
                    new StepSpec { Kind = StepKind.AddTag, Tags = ["both"] },
                    new StepSpec { Kind = StepKind.CreateTask, Subject = "Call", Amount = 2, Unit = TimeUnit.Hours },
                    new StepSpec { Kind = StepKind.SetField, Field = "Rating", Value = "4" },
                ],
            }, enabled: true, CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var owner = (await Fixture.Base.CreateUserAsync(Unique("wf"), CrmRoles.SalesRep, Password)).Id;
            for (var i = 0; i < 300; i++)
            {
                var lead = new Lead { City = city, OwnerId = owner };
                lead.SetName("کاربر", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                db.Add(lead);
            }

            await db.SaveChangesAsync();
        }

        using var first = Fixture.Host();
        using var second = Fixture.Host();
        async Task Engine(WebApplicationFactory<Program> host)
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<WorkflowEngine>().RunDueAsync(CancellationToken.None);
        }

        await Task.WhenAll(Engine(first), Engine(second), Engine(first), Engine(second));

        await using var check = Fixture.Base.Services.CreateAsyncScope();
        var context = check.ServiceProvider.GetRequiredService<CrmDbContext>();
        var runs = await context.Set<WorkflowRun>().AsNoTracking().Where(r => r.WorkflowId == workflow.Id).ToListAsync();
        runs.Count.ShouldBe(300);
        runs.ShouldAllBe(r => r.State == RunState.Completed);
        var leads = runs.Select(r => r.RecordId).ToList();
        var tasks = await context.Set<Activity>().AsNoTracking().Where(a => leads.Contains(a.RecordId) && a.Kind == ActivityKind.Task).GroupBy(a => a.RecordId).Select(g => g.Count()).ToListAsync();
        tasks.Count.ShouldBe(300);
        tasks.ShouldAllBe(count => count == 1);
        var logs = await context.Set<WorkflowStepLog>().AsNoTracking().Where(l => runs.Select(r => r.Id).Contains(l.RunId) && l.Outcome == StepOutcome.Done).CountAsync();
        logs.ShouldBe(900, "three steps logged once each per run");
    }
}
