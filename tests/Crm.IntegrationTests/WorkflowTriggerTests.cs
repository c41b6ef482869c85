using Crm.Infrastructure.Persistence;
using Crm.Modules.Activities.Contracts;
using Crm.Modules.Activities.Domain;
using Crm.Modules.Identity.Domain;
using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Invoicing.Domain;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Leads.Domain;
using Crm.Modules.Notifications.Domain;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.Modules.Tags.Contracts;
using Crm.Modules.Workflow.Contracts;
using Crm.Modules.Workflow.Domain;
using Crm.Modules.Workflow.Features;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Crm.IntegrationTests.TestSupport;

namespace Crm.IntegrationTests;

/// <summary>
/// The triggers that do not come from a person's save (a date reached, a schedule, an event another module reports), the
/// steps that hand records out and chase them (round robin, repeat until paid), recipients found through teams and roles,
/// deals moved along their stages by the progress of their workflow tasks, and deals opened for converted leads.
/// </summary>
public abstract partial class WorkflowTests<TFixture>
{
    [Fact]
    public async Task A_date_trigger_waits_for_its_moment_follows_the_date_when_it_moves_and_fires_once_per_date()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var city = Unique("city");
        var definition = Definition(TriggerKind.DateReached, city, new StepSpec { Kind = StepKind.AddTag, Tags = ["follow-up-tomorrow"] });
        definition.Trigger.Field = "NextFollowUp";
        definition.Trigger.Amount = 1;
        definition.Trigger.Before = true;
        var workflow = await NewWorkflowAsync(definition);
        var firstDate = DateOnly.FromDateTime(Clock.UtcNow).AddDays(3);
        var lead = await NewLeadAsync(city, more: l => l.NextFollowUp = firstDate);
        await NewLeadAsync(city);

        var runs = await RunsAsync(workflow.Id);
        runs.Count.ShouldBe(1, "a lead without the date has nothing to wait for");
        runs[0].WakeAt.ShouldBe(firstDate.AddDays(-1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));

        // The date moves two days later before the first moment comes: the first run finds its date gone.
        var secondDate = firstDate.AddDays(2);
        await ChangeLeadAsync(lead, l => l.NextFollowUp = secondDate);
        await ChangeLeadAsync(lead, l => l.City = city);
        (await RunsAsync(workflow.Id)).Count.ShouldBe(2, "the moved date starts its own run; a save that leaves the date alone starts none");

        Clock.UtcNow = runs[0].WakeAt.AddMinutes(1);
        await RunEngineAsync();
        (await TagsOfAsync(lead)).ShouldBeEmpty();
        runs = await RunsAsync(workflow.Id);
        runs.Single(r => r.TriggerKey == DateTrigger.Key(firstDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc))).State.ShouldBe(RunState.Skipped);

        Clock.UtcNow = secondDate.AddDays(-1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddMinutes(1);
        await RunEngineAsync();
        (await TagsOfAsync(lead)).ShouldBe(["follow-up-tomorrow"]);

        // Moved back to a date it already fired for, nothing starts again.
        await ChangeLeadAsync(lead, l => l.NextFollowUp = firstDate);
        await ChangeLeadAsync(lead, l => l.NextFollowUp = secondDate);
        (await RunsAsync(workflow.Id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_schedule_starts_one_run_per_matching_record_at_each_time_and_a_sweep_cut_short_starts_none_twice()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var city = Unique("city");
        // Every day at 09:00 in Tehran (05:30 UTC).
        var definition = Definition(TriggerKind.Schedule, city, new StepSpec { Kind = StepKind.AddTag, Tags = ["daily-review"] });
        definition.Trigger.Cron = "0 9 * * *";
        var workflow = await NewWorkflowAsync(definition);
        var first = await NewLeadAsync(city);
        var second = await NewLeadAsync(city);
        await NewLeadAsync(Unique("elsewhere"));

        (await SweepAsync()).ShouldBe(0, "a schedule counts from when it is first seen, not from the past");
        Clock.UtcNow = new DateTime(2026, 12, 6, 5, 30, 10, DateTimeKind.Utc);
        (await SweepAsync()).ShouldBe(2);
        (await SweepAsync()).ShouldBe(0, "the occurrence is swept");
        var runs = await RunsAsync(workflow.Id);
        runs.Select(r => r.RecordId).ShouldBe([first, second], ignoreOrder: true);
        runs.ShouldAllBe(r => r.TriggerKey == "s:2026-12-06T05:30");

        // An instance died in the middle of the sweep: its lease runs out and another sweeps again, starting nobody twice.
        await QueryAsync(db => db.Set<WorkflowSchedule>().Where(s => s.WorkflowId == workflow.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Done, false).SetProperty(x => x.Offset, 0).SetProperty(x => x.ClaimedUntil, Clock.UtcNow.AddSeconds(-1))));
        (await SweepAsync()).ShouldBe(0);
        (await RunsAsync(workflow.Id)).Count.ShouldBe(2);

        await RunEngineAsync();
        (await TagsOfAsync(first)).ShouldBe(["daily-review"]);

        // Three days off: only the latest missed time is made up.
        Clock.UtcNow = new DateTime(2026, 12, 9, 6, 0, 0, DateTimeKind.Utc);
        (await SweepAsync()).ShouldBe(2);
        (await RunsAsync(workflow.Id)).Where(r => r.TriggerKey == "s:2026-12-09T05:30").Count().ShouldBe(2);
    }

    [Fact]
    public async Task The_payment_chase_repeats_until_the_invoice_is_paid_and_the_paid_event_starts_its_own_workflow()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var owner = await UserAsync();
        var number = Unique("INV");
        var isMine = new ConditionGroup { Rules = [new ConditionRule { Field = "Number", Operator = ConditionOperator.Equals, Value = number }] };
        var chase = await NewWorkflowAsync(new WorkflowDefinition
        {
            Trigger = new TriggerSpec { Kind = TriggerKind.Created },
            Conditions = isMine,
            Steps =
            [
                new StepSpec
                {
                    Kind = StepKind.Repeat, Amount = 7, Unit = TimeUnit.Days, Times = 8,
                    Condition = new ConditionGroup { Rules = [new ConditionRule { Field = "PaidAt", Operator = ConditionOperator.NotEmpty }] },
                    Then = [new StepSpec { Kind = StepKind.Notify, Text = "Call about {Number}" }],
                },
                new StepSpec { Kind = StepKind.Notify, Text = "{Number} is paid" },
            ],
        }, recordType: InvoicingRecordTypes.Invoice);
        var onPaid = await NewWorkflowAsync(new WorkflowDefinition
        {
            Trigger = new TriggerSpec { Kind = TriggerKind.Event, Event = Invoice.PaidEvent },
            Conditions = isMine,
            Steps = [new StepSpec { Kind = StepKind.Notify, Text = "Thank the customer of {Number}" }],
        }, recordType: InvoicingRecordTypes.Invoice);

        Guid invoiceId;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var invoice = new Invoice { CustomerName = "شرکت آزمون", IssueDate = DateOnly.FromDateTime(Clock.UtcNow), DueDate = DateOnly.FromDateTime(Clock.UtcNow), OwnerId = owner };
            invoice.Lines.Add(new InvoiceLine { InvoiceId = invoice.Id, Description = "خدمات", Quantity = 1, UnitPrice = 5_000_000 });
            invoice.Recompute();
            invoice.Issue(number, 1405, Clock.UtcNow, null);
            db.Add(invoice);
            await db.SaveChangesAsync();
            invoiceId = invoice.Id;
        }

        Task<List<string>> NoticesAsync() => QueryAsync(db => db.Set<Notification>().Where(n => n.UserId == owner).OrderBy(n => n.CreatedAt).ThenBy(n => n.Id).Select(n => n.EnglishText).ToListAsync());
        await RunEngineAsync();
        (await NoticesAsync()).ShouldBe([$"Call about {number}"]);
        var run = (await RunsAsync(chase.Id)).Single();
        run.State.ShouldBe(RunState.Waiting);
        run.WakeAt.ShouldBe(Clock.UtcNow.AddDays(7));

        Clock.UtcNow = Clock.UtcNow.AddDays(7);
        await RunEngineAsync();
        (await NoticesAsync()).Count.ShouldBe(2, "a week on, still unpaid: the second round");

        // Paid in full: the invoice raises its event, published after the save as the unit of work does.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var invoice = await db.Set<Invoice>().FirstAsync(i => i.Id == invoiceId);
            var payment = new Payment { InvoiceId = invoiceId, Method = PaymentMethod.Cash, Amount = invoice.Total, PaidOn = DateOnly.FromDateTime(Clock.UtcNow) };
            db.Add(payment);
            invoice.ApplyPayments([payment], Clock.UtcNow);
            await db.SaveChangesAsync();
            foreach (var happened in db.TakeDomainEvents())
            {
                await scope.ServiceProvider.GetRequiredService<IMediator>().Publish(happened);
            }
        }

        (await RunsAsync(onPaid.Id)).Single().State.ShouldBe(RunState.Pending, "the paid event started the thank-you workflow");
        await RunEngineAsync();
        (await NoticesAsync()).Last().ShouldBe($"Thank the customer of {number}");
        (await RunsAsync(chase.Id)).Single().State.ShouldBe(RunState.Waiting, "the chase looks again at its next round, not before");

        Clock.UtcNow = Clock.UtcNow.AddDays(7);
        await RunEngineAsync();
        (await RunsAsync(chase.Id)).Single().State.ShouldBe(RunState.Completed);
        var notices = await NoticesAsync();
        notices.Count(n => n.StartsWith("Call about", StringComparison.Ordinal)).ShouldBe(2, "no round after the payment");
        notices.Last().ShouldBe($"{number} is paid");
    }

    [Fact]
    public async Task New_leads_are_handed_out_in_turn_to_a_teams_members_and_notices_reach_the_team_leader_and_a_role()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var city = Unique("city");
        var team = await Fixture.Base.NewTeamAsync();
        var members = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            members.Add((await Fixture.Base.CreateUserAsync(Unique("rr"), CrmRoles.SalesRep, Password, team)).Id);
        }

        var leader = members[2];
        await QueryAsync(db => db.Set<Team>().Where(t => t.Id == team).ExecuteUpdateAsync(s => s.SetProperty(t => t.LeaderId, leader)));
        var marketer = (await Fixture.Base.CreateUserAsync(Unique("mk"), CrmRoles.Marketer, Password, await Fixture.Base.NewTeamAsync())).Id;
        await NewWorkflowAsync(Definition(TriggerKind.Created, city,
            new StepSpec { Kind = StepKind.AssignOwner, TeamId = team },
            new StepSpec { Kind = StepKind.Notify, To = Recipient.TeamLeader, Text = "New lead {FullName} for your team" }));
        var toRole = Unique("city");
        await NewWorkflowAsync(Definition(TriggerKind.Created, toRole, new StepSpec { Kind = StepKind.Notify, To = Recipient.Role, Role = CrmRoles.Marketer, Text = "A lead for the role" }));

        var leads = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            leads.Add(await NewLeadAsync(city));
            await RunEngineAsync();
        }

        var owners = await QueryAsync(db => db.Set<Lead>().Where(l => leads.Contains(l.Id)).Select(l => new { l.Id, l.OwnerId, l.TeamId }).ToListAsync());
        var inOrder = leads.Select(id => owners.Single(o => o.Id == id).OwnerId!.Value).ToList();
        inOrder.Take(3).ShouldBe(members.OrderBy(m => m).ToList(), "each member in turn");
        inOrder[3].ShouldBe(inOrder[0], "then round again");
        owners.ShouldAllBe(o => o.TeamId == team);
        (await QueryAsync(db => db.Set<Notification>().CountAsync(n => n.UserId == leader && n.EnglishText.StartsWith("New lead")))).ShouldBe(4);

        await NewLeadAsync(toRole);
        await RunEngineAsync();
        (await QueryAsync(db => db.Set<Notification>().CountAsync(n => n.EnglishText == "A lead for the role"))).ShouldBe(1);
        var roleHolders = await QueryAsync(db => (from n in db.Set<Notification>() where n.EnglishText == "A lead for the role" select n.UserId).ToListAsync());
        var marketers = await QueryAsync(db => (from ur in db.Set<Microsoft.AspNetCore.Identity.IdentityUserRole<Guid>>()
                                                join r in db.Set<ApplicationRole>() on ur.RoleId equals r.Id
                                                where r.Name == CrmRoles.Marketer select ur.UserId).ToListAsync());
        marketers.ShouldContain(marketer);
        marketers.ShouldContain(roleHolders.Single());
    }

    [Fact]
    public async Task A_has_tag_condition_and_a_remove_tag_step_swap_one_tag_for_another()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var city = Unique("city");
        var definition = Definition(TriggerKind.Updated, city, new StepSpec
        {
            Kind = StepKind.If,
            Condition = new ConditionGroup { Rules = [new ConditionRule { Field = "City", Operator = ConditionOperator.HasTag, Value = "VIP" }] },
            Then = [new StepSpec { Kind = StepKind.RemoveTag, Tags = ["vip"] }, new StepSpec { Kind = StepKind.AddTag, Tags = ["was-vip"] }],
        });
        definition.Trigger.Field = "Priority";
        await NewWorkflowAsync(definition);
        var tagged = await NewLeadAsync(city);
        var plain = await NewLeadAsync(city);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new TagRecord(new RecordRef(RecordTypes.Lead, tagged), ["vip"]));
        }

        await ChangeLeadAsync(tagged, l => l.Priority = LeadPriority.High);
        await ChangeLeadAsync(plain, l => l.Priority = LeadPriority.High);
        await RunEngineAsync();
        (await TagsOfAsync(tagged)).ShouldBe(["was-vip"]);
        (await TagsOfAsync(plain)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_deal_moves_to_the_stage_its_done_workflow_tasks_reach_with_the_move_in_its_stage_history()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var owner = await UserAsync();
        var process = SalesProcess.Create(Unique("فرایند"), Unique("Process"), [("آشنایی", "Intro", 10), ("نیازسنجی", "Needs", 40), ("پیشنهاد", "Offer", 70)]);
        await WriteAsync(db => db.Add(process));
        var intro = process.OpenStages.First();
        var isMine = new ConditionGroup { Rules = [new ConditionRule { Field = "ProcessId", Operator = ConditionOperator.Equals, Value = process.Id.ToString() }] };
        await NewWorkflowAsync(new WorkflowDefinition
        {
            Trigger = new TriggerSpec { Kind = TriggerKind.Created },
            Conditions = isMine,
            Steps =
            [
                new StepSpec { Kind = StepKind.CreateTask, Subject = "Visit", Amount = 1, Unit = TimeUnit.Days, Progress = 20 },
                new StepSpec { Kind = StepKind.CreateTask, Subject = "Needs list", Amount = 2, Unit = TimeUnit.Days, Progress = 55 },
            ],
        }, recordType: RecordTypes.Opportunity);
        var entered = new ConditionGroup { Rules = [new ConditionRule { Field = "StageId", Operator = ConditionOperator.Equals, Value = process.OpenStages.ElementAt(1).Id.ToString() }] };
        var stageEntered = await NewWorkflowAsync(new WorkflowDefinition
        {
            Trigger = new TriggerSpec { Kind = TriggerKind.Updated, Field = "StageId", To = process.OpenStages.ElementAt(1).Id.ToString() },
            Conditions = entered,
            Steps = [new StepSpec { Kind = StepKind.Notify, Text = "{Name} entered Needs" }],
        }, recordType: RecordTypes.Opportunity);

        var deal = new Opportunity { Name = Unique("معامله"), ProcessId = process.Id, StageId = intro.Id, StageEnteredAt = Clock.UtcNow, Probability = 10, OwnerId = owner, CustomerName = "مشتری" };
        await WriteAsync(db =>
        {
            db.Add(deal);
            db.Add(new StageVisit { OpportunityId = deal.Id, StageId = intro.Id, Entry = StageEntry.Created, EnteredAt = Clock.UtcNow });
        });
        await RunEngineAsync();
        var tasks = await QueryAsync(db => db.Set<WorkflowTask>().AsNoTracking().Where(t => t.RecordId == deal.Id).OrderBy(t => t.Progress).ToListAsync());
        tasks.Select(t => t.Progress).ShouldBe([20, 55]);

        async Task DoneAsync(WorkflowTask task)
        {
            await using var scope = App.Services.CreateAsyncScope();
            (await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CompleteActivity(task.ActivityId))).ShouldBeTrue();
        }

        Task<Opportunity> DealAsync() => QueryAsync(db => db.Set<Opportunity>().AsNoTracking().SingleAsync(o => o.Id == deal.Id));
        await DoneAsync(tasks[1]);
        var moved = await DealAsync();
        moved.WorkProgress.ShouldBe(55);
        moved.StageId.ShouldBe(process.OpenStages.ElementAt(1).Id, "55% lies in the Needs stage's range (40 up to 70)");
        moved.Probability.ShouldBe(40);
        var visits = await QueryAsync(db => db.Set<StageVisit>().AsNoTracking().Where(v => v.OpportunityId == deal.Id).OrderBy(v => v.EnteredAt).ThenBy(v => v.Entry).ToListAsync());
        visits.Select(v => v.Entry).ShouldBe([StageEntry.Created, StageEntry.Moved]);
        visits[0].ExitedAt.ShouldNotBeNull();

        await DoneAsync(tasks[0]);
        (await DealAsync()).WorkProgress.ShouldBe(55, "the highest progress reached stays; a deal never moves back");
        (await DealAsync()).StageId.ShouldBe(process.OpenStages.ElementAt(1).Id);

        (await RunsAsync(stageEntered.Id)).Count.ShouldBe(1, "entering the stage started the stage's workflow");
        await RunEngineAsync();
        (await QueryAsync(db => db.Set<Notification>().CountAsync(n => n.UserId == owner && n.EnglishText.EndsWith("entered Needs")))).ShouldBe(1);
    }

    [Fact]
    public async Task The_ready_made_workflows_are_shipped_once_valid_with_only_the_first_on_and_it_hands_a_new_lead_out_with_a_call()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var shipped = new List<Modules.Workflow.Domain.Workflow>();
        try
        {
            for (var start = 0; start < 2; start++)
            {
                using var host = Fixture.Host(configure: b => b.UseSetting("Workflow:ReadyMade", "true"));
                await using var scope = host.Services.CreateAsyncScope();
                shipped = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Set<Modules.Workflow.Domain.Workflow>().AsNoTracking()
                    .Where(w => EF.Functions.Like(w.NameEnglish, "%:%")).ToListAsync();
            }

            shipped.Count.ShouldBe(5, "shipped once, however often the app starts");
            shipped.Where(w => w.Enabled).Select(w => w.RecordType).ShouldBe([RecordTypes.Lead]);
            await using (var scope = App.Services.CreateAsyncScope())
            {
                var validator = scope.ServiceProvider.GetRequiredService<WorkflowValidator>();
                var catalog = scope.ServiceProvider.GetRequiredService<WorkflowCatalog>();
                foreach (var workflow in shipped)
                {
                    var found = await catalog.FindAsync(workflow.Id, false, CancellationToken.None);
                    validator.Validate(workflow.NamePersian, workflow.NameEnglish, workflow.RecordType, found!.Value.Definition).ShouldBeEmpty(workflow.NameEnglish);
                }
            }

            // Made by another host; this one's trigger cache learns of them as the other instances of a cluster do.
            await using (var scope = App.Services.CreateAsyncScope())
            {
                scope.ServiceProvider.GetRequiredService<TriggerIndex>().Changed();
            }

            var rep = await UserAsync();
            var lead = await NewLeadAsync(Unique("city"));
            var owned = await NewLeadAsync(Unique("city"), rep);
            await RunEngineAsync();
            var owner = await QueryAsync(db => db.Set<Lead>().Where(l => l.Id == lead).Select(l => l.OwnerId).SingleAsync());
            owner.ShouldNotBeNull("a lead with no owner goes to the next sales rep in turn");
            var call = await QueryAsync(db => db.Set<Activity>().AsNoTracking().SingleAsync(a => a.RecordId == lead && a.Kind == ActivityKind.Call));
            call.AssigneeId.ShouldBe(owner);
            call.OccurredAt.ShouldBe(Clock.UtcNow.AddHours(1));
            (await QueryAsync(db => db.Set<Activity>().CountAsync(a => a.RecordId == owned))).ShouldBe(0, "a lead someone owns is theirs already");
        }
        finally
        {
            // The shipped lead workflow would hand out every ownerless lead of the other tests.
            var ids = shipped.Select(w => w.Id).ToList();
            await QueryAsync(db => db.Set<Modules.Workflow.Domain.Workflow>().Where(w => ids.Contains(w.Id)).ExecuteUpdateAsync(s => s.SetProperty(w => w.Enabled, false)));
            await using var scope = App.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TriggerIndex>().Changed();
        }
    }

    [Fact]
    public async Task A_logged_call_plans_one_follow_up_on_its_lead_and_a_lead_marked_worthless_has_its_open_tasks_closed()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var city = Unique("city");
        var owner = await UserAsync();
        var lead = await NewLeadAsync(city, owner);
        await NewWorkflowAsync(new WorkflowDefinition
        {
            Trigger = new TriggerSpec { Kind = TriggerKind.Created },
            Conditions = new ConditionGroup
            {
                Rules =
                [
                    new ConditionRule { Field = "Kind", Operator = ConditionOperator.Equals, Value = "Call" },
                    new ConditionRule { Field = "RecordId", Operator = ConditionOperator.Equals, Value = lead.ToString() },
                ],
            },
            Steps = [new StepSpec { Kind = StepKind.CreateTask, Subject = "Next: {Subject}", Amount = 2, Unit = TimeUnit.Days, Working = true, OnlyIfNoneOpen = true }],
        }, recordType: RecordTypes.Activity);
        var worthless = Definition(TriggerKind.Updated, city, new StepSpec { Kind = StepKind.CloseTasks });
        worthless.Trigger.Field = "Status";
        worthless.Trigger.To = "Unqualified";
        await NewWorkflowAsync(worthless);

        async Task LogCallAsync(string subject) => await WriteAsync(db => db.Add(new Activity
        {
            Kind = ActivityKind.Call, RecordType = RecordTypes.Lead, RecordId = lead, Subject = subject, OccurredAt = Clock.UtcNow, AssigneeId = owner,
        }));

        Task<List<Activity>> OpenTasksAsync() =>
            QueryAsync(db => db.Set<Activity>().AsNoTracking().Where(a => a.RecordId == lead && a.Kind == ActivityKind.Task && a.CompletedAt == null).ToListAsync());
        await LogCallAsync("Price list");
        await RunEngineAsync();
        (await OpenTasksAsync()).Select(a => a.Subject).ShouldBe(["Next: Price list"], "the task goes on the lead the call is on, for the call's person");
        await LogCallAsync("Discount");
        await RunEngineAsync();
        (await OpenTasksAsync()).Count.ShouldBe(1, "a follow-up is already planned");

        await ChangeLeadAsync(lead, l => l.Status = LeadStatus.Unqualified);
        await RunEngineAsync();
        (await OpenTasksAsync()).ShouldBeEmpty("a worthless lead has nothing left to do");
    }

    [Fact]
    public async Task A_converted_lead_gets_one_deal_opened_for_its_customer_and_a_lead_converted_with_a_deal_keeps_its_own()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var city = Unique("city");
        var owner = await UserAsync();
        var definition = Definition(TriggerKind.Updated, city,
            new StepSpec { Kind = StepKind.CreateRecord, RecordType = RecordTypes.Opportunity, Subject = "Deal: {FullName}" });
        definition.Trigger.Field = "Status";
        definition.Trigger.To = "Converted";
        var workflow = await NewWorkflowAsync(definition);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var validator = scope.ServiceProvider.GetRequiredService<WorkflowValidator>();
            validator.Validate("الف", "A", RecordTypes.Lead, definition).ShouldBeEmpty();
            validator.Validate("الف", "A", RecordTypes.Activity, new WorkflowDefinition { Steps = definition.Steps })
                .ShouldContain(e => e.Contains("can be created"), "no deal is opened for a task");
        }

        var bare = await NewLeadAsync(city, owner);
        var withDeal = await NewLeadAsync(city, owner);
        var unconverted = await NewLeadAsync(city, owner);
        await ConvertAsync(bare, deal: null);
        var ownDeal = (await ConvertAsync(withDeal, new Modules.Sales.Features.NewDeal("Own deal", 5_000_000, null, null))).OpportunityId;
        await RunEngineAsync();

        var opened = await QueryAsync(db => db.Set<Opportunity>().AsNoTracking().Where(o => o.LeadId == bare).ToListAsync());
        var deal = opened.ShouldHaveSingleItem();
        var lead = await QueryAsync(db => db.Set<Lead>().AsNoTracking().FirstAsync(l => l.Id == bare));
        deal.Name.ShouldBe("Deal: " + lead.FullName);
        deal.ContactId.ShouldBe(lead.ConvertedContactId);
        (deal.OwnerId, deal.Source, deal.Status).ShouldBe((owner, Modules.Contacts.Contracts.CustomerSource.Phone, OpportunityStatus.Open));
        lead.ConvertedOpportunityId.ShouldBe(deal.Id, "the lead's page links the deal opened for it");
        (await QueryAsync(db => db.Set<Opportunity>().CountAsync(o => o.LeadId == withDeal))).ShouldBe(1, "a lead converted with a deal keeps its own");

        var runs = await RunsAsync(workflow.Id);
        runs.Select(r => r.State).ShouldBe([RunState.Completed, RunState.Completed]);
        var runIds = runs.Select(r => r.Id).ToList();
        var logs = await QueryAsync(db => db.Set<WorkflowStepLog>().AsNoTracking().Where(l => runIds.Contains(l.RunId) && l.Kind == StepKind.CreateRecord).ToListAsync());
        logs.Single(l => l.RunId == runs.Single(r => r.RecordId == bare).Id).Outcome.ShouldBe(StepOutcome.Done);
        var kept = logs.Single(l => l.RunId == runs.Single(r => r.RecordId == withDeal).Id);
        kept.Outcome.ShouldBe(StepOutcome.Skipped);
        kept.Detail.ShouldNotBeNull().ShouldContain("Own deal");

        // Run again by hand on the same lead (a manual run): the lead has its deal now, so nothing more is opened.
        var manual = Definition(TriggerKind.Manual, city, new StepSpec { Kind = StepKind.CreateRecord, RecordType = RecordTypes.Opportunity });
        var again = await NewWorkflowAsync(manual);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            (await mediator.Send(new StartWorkflow(again.Id, new RecordRef(RecordTypes.Lead, bare)))).ShouldNotBeNull();
            (await mediator.Send(new StartWorkflow(again.Id, new RecordRef(RecordTypes.Lead, unconverted)))).ShouldNotBeNull();
        }

        await RunEngineAsync();
        (await QueryAsync(db => db.Set<Opportunity>().CountAsync(o => o.LeadId == bare))).ShouldBe(1);
        var manualRuns = await RunsAsync(again.Id);
        manualRuns.Single(r => r.RecordId == bare).State.ShouldBe(RunState.Completed);
        var refused = manualRuns.Single(r => r.RecordId == unconverted);
        refused.State.ShouldBe(RunState.Failed, "an unconverted lead has no customer to open a deal for");
        refused.Error.ShouldNotBeNull().ShouldContain("not converted");
    }

    private async Task<Modules.Sales.Features.ConversionResult> ConvertAsync(Guid leadId, Modules.Sales.Features.NewDeal? deal)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var version = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Set<Lead>().Where(l => l.Id == leadId).Select(l => l.Version).FirstAsync();
        return await mediator.Send(new Modules.Sales.Features.ConvertLead(leadId, version) { Deal = deal });
    }

    /// <summary>Saves through the app under test, whose clock (and so whose triggers' times) the test moves.</summary>
    private async Task WriteAsync(Action<CrmDbContext> write)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        write(db);
        await db.SaveChangesAsync();
    }

    private async Task<int> SweepAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ScheduledTriggers>().RunDueAsync(CancellationToken.None);
    }
}
