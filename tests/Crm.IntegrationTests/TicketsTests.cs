using System.Net;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Contacts.Domain;
using Crm.Modules.Identity.Domain;
using Crm.Modules.Notifications.Domain;
using Crm.Modules.Tickets.Contracts;
using Crm.Modules.Tickets.Domain;
using Crm.Modules.Tickets.Features;
using Crm.Modules.Workflow.Domain;
using Crm.Modules.Workflow.Features;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Crm.IntegrationTests.TestSupport;

namespace Crm.IntegrationTests;

public sealed class SqliteTicketsFixture() : WorkflowAppFixture(Crm.Infrastructure.Persistence.DatabaseProviders.Sqlite);

public sealed class PostgresTicketsFixture() : WorkflowAppFixture(Crm.Infrastructure.Persistence.DatabaseProviders.PostgreSql);

/// <summary>
/// Tickets on each provider with a clock the tests move: SLA targets counted in working time across a holiday, a Friday
/// and a pause; warnings and breaches that act once however often the sweep runs; referral history; who sees a ticket.
/// Each test's policy matches only its own tickets (by a category of its own), since the app is shared by the class.
/// </summary>
public abstract class TicketsTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : WorkflowAppFixture
{
    private static readonly TimeZoneInfo Tehran = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");

    private MovableClock Clock => fixture.Clock;

    private WebApplicationFactory<Program> App => fixture.App;

    private static DateTime InTehran(int year, int month, int day, int hour, int minute = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified), Tehran);

    private async Task<T> SendAsync<T>(ICommand<T> command)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    private Task<T> QueryAsync<T>(Func<CrmDbContext, Task<T>> query) => fixture.Base.QueryAsync(query);

    private async Task<Guid> ContactAsync(Guid? owner = null)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var contact = new Contact { OwnerId = owner };
        contact.SetName("نرگس", Unique("کاظمی"));
        db.Add(contact);
        await db.SaveChangesAsync();
        return contact.Id;
    }

    private async Task PolicyAsync(string category, int first, int next, int resolution, int warnAt = 75,
        SlaActions warning = SlaActions.NotifyOwner, SlaActions breach = SlaActions.NotifyOwner)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        db.Add(new SlaPolicy
        {
            Name = category, Category = category, FirstResponseMinutes = first, NextResponseMinutes = next, ResolutionMinutes = resolution, WarnAtPercent = warnAt,
            WarningActions = warning, BreachActions = breach,
        });
        await db.SaveChangesAsync();
    }

    private async Task<Ticket> OpenAsync(string category, Guid contact, Guid? owner = null)
    {
        var result = await SendAsync(new SaveTicket(new TicketInput
        {
            Subject = "دستگاه روشن نمی‌شود", Customer = new RecordRef(RecordTypes.Contact, contact).ToString(), Category = category, OwnerId = owner,
        }));
        result.Errors.ShouldBeEmpty();
        return await TicketAsync(result.Id);
    }

    private Task<Ticket> TicketAsync(Guid id) => QueryAsync(db => db.Set<Ticket>().AsNoTracking().FirstAsync(t => t.Id == id));

    private Task<List<TicketSlaTarget>> TargetsAsync(Guid id) =>
        QueryAsync(db => db.Set<TicketSlaTarget>().AsNoTracking().Where(t => t.TicketId == id).OrderBy(t => t.StartedAt).ThenBy(t => t.Kind).ToListAsync());

    private async Task<int> SweepAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SlaSweep>().RunAsync(CancellationToken.None);
    }

    private async Task<Guid> AgentAsync(Guid team) => (await fixture.Base.CreateUserAsync(Unique("agent"), CrmRoles.SupportAgent, Password, team)).Id;

    [Fact]
    public async Task Targets_count_working_time_across_a_holiday_and_a_Friday_and_stand_still_while_the_ticket_waits_on_the_customer()
    {
        var category = Unique("cat");
        await PolicyAsync(category, first: 120, next: 60, resolution: 16 * 60);
        var owner = await AgentAsync(await fixture.Base.NewTeamAsync());
        // Wednesday 20 Bahman 1405, 14:00: Thursday is 22 Bahman (a holiday), then Friday.
        Clock.UtcNow = InTehran(2027, 2, 10, 14);
        var ticket = await OpenAsync(category, await ContactAsync(), owner);
        ticket.Number.ShouldMatch(@"^TCK-1405-\d{6}$");
        var targets = await TargetsAsync(ticket.Id);
        targets.Single(t => t.Kind == SlaTargetKind.FirstResponse).DueAt.ShouldBe(InTehran(2027, 2, 10, 16));
        // 2 h on Wednesday, none on the holiday or Friday, 8 h on Saturday, 6 h on Sunday.
        targets.Single(t => t.Kind == SlaTargetKind.Resolution).DueAt.ShouldBe(InTehran(2027, 2, 14, 14));
        ticket.SlaDueAt.ShouldBe(InTehran(2027, 2, 10, 16));

        Clock.UtcNow = InTehran(2027, 2, 10, 15);
        (await SendAsync(new AddTicketEntry(ticket.Id, TicketEntryKind.Reply, "بررسی می‌کنیم"))).Saved.ShouldBeTrue();
        (await TargetsAsync(ticket.Id)).Single(t => t.Kind == SlaTargetKind.FirstResponse).MetAt.ShouldBe(Clock.UtcNow);

        // Saturday 10:00 to 12:00 waiting on the customer: the resolution moves two working hours later.
        Clock.UtcNow = InTehran(2027, 2, 13, 10);
        ticket = await TicketAsync(ticket.Id);
        (await SendAsync(new ChangeTicketStatus(ticket.Id, ticket.Version, TicketStatus.WaitingOnCustomer, null, null))).Saved.ShouldBeTrue();
        var paused = (await TargetsAsync(ticket.Id)).Single(t => t.Kind == SlaTargetKind.Resolution);
        paused.DueAt.ShouldBeNull("a paused clock has no due time");
        (await TicketAsync(ticket.Id)).SlaDueAt.ShouldBeNull();
        Clock.UtcNow = InTehran(2027, 2, 13, 12);
        (await SendAsync(new AddTicketEntry(ticket.Id, TicketEntryKind.CustomerReply, "عکس را فرستادم"))).Saved.ShouldBeTrue();
        ticket = await TicketAsync(ticket.Id);
        ticket.Status.ShouldBe(TicketStatus.InProgress, "the customer's answer puts the ticket back in hand");
        targets = await TargetsAsync(ticket.Id);
        var resolution = targets.Single(t => t.Kind == SlaTargetKind.Resolution);
        resolution.DueAt.ShouldBe(InTehran(2027, 2, 14, 16));
        resolution.PausedMinutes.ShouldBe(120);
        targets.Single(t => t.Kind == SlaTargetKind.NextResponse).DueAt.ShouldBe(InTehran(2027, 2, 13, 13), "the customer's reply starts a next-response clock");

        // Raising the priority to one another policy covers recomputes the running targets without losing the pause.
        var urgent = Unique("cat");
        await PolicyAsync(urgent, first: 30, next: 30, resolution: 8 * 60);
        var input = new TicketInput
        {
            Id = ticket.Id, Version = ticket.Version, Subject = ticket.Subject, Customer = new RecordRef(RecordTypes.Contact, ticket.ContactId!.Value).ToString(),
            Category = urgent, Priority = TicketPriority.Urgent,
        };
        (await SendAsync(new SaveTicket(input))).Saved.ShouldBeTrue();
        resolution = (await TargetsAsync(ticket.Id)).Single(t => t.Kind == SlaTargetKind.Resolution);
        // 8 working hours from Wednesday 14:00, less nothing: 2 h Wednesday, 6 h Saturday (8:00–10:00 and 12:00–16:00).
        resolution.DueAt.ShouldBe(InTehran(2027, 2, 13, 16));
        resolution.PausedMinutes.ShouldBe(120);

        // Resolved: met, and the ticket's SLA is met.
        Clock.UtcNow = InTehran(2027, 2, 13, 12, 30);
        (await SendAsync(new AddTicketEntry(ticket.Id, TicketEntryKind.Reply, "حل شد"))).Saved.ShouldBeTrue();
        ticket = await TicketAsync(ticket.Id);
        (await SendAsync(new ChangeTicketStatus(ticket.Id, ticket.Version, TicketStatus.Resolved, null, null))).Saved.ShouldBeTrue();
        (await TargetsAsync(ticket.Id)).ShouldAllBe(t => t.MetAt != null);
        (await TicketAsync(ticket.Id)).SlaState.ShouldBe(SlaState.Met);
    }

    [Fact]
    public async Task A_holiday_added_after_a_ticket_opened_moves_its_due_time_at_the_next_sweep()
    {
        var category = Unique("cat");
        await PolicyAsync(category, first: 16 * 60, next: 60, resolution: 16 * 60);
        // Tuesday 14 Ordibehesht 1406, 10:00: 6 h that day, 8 h on Wednesday, 2 h on Thursday.
        Clock.UtcNow = InTehran(2027, 5, 4, 10);
        await SweepAsync(); // the calendar the instants are worked out on is now the one seen
        var ticket = await OpenAsync(category, await ContactAsync(), await AgentAsync(await fixture.Base.NewTeamAsync()));
        (await TargetsAsync(ticket.Id)).Single(t => t.Kind == SlaTargetKind.Resolution).DueAt.ShouldBe(InTehran(2027, 5, 6, 10));

        var wednesday = Crm.SharedKernel.Localization.JalaliDate.ToJalali(new DateOnly(2027, 5, 5));
        var holiday = new Crm.Infrastructure.Calendar.Holiday { Year = wednesday.Year, Month = wednesday.Month, Day = wednesday.Day, NamePersian = "تعطیل", NameEnglish = "Closed" };
        await CalendarChangeAsync(db => db.Add(holiday));
        try
        {
            await SweepAsync();
            // Now 6 h on Tuesday, 4 h on Thursday (its half day), Friday off, 6 h on Saturday.
            (await TargetsAsync(ticket.Id)).Single(t => t.Kind == SlaTargetKind.Resolution).DueAt.ShouldBe(InTehran(2027, 5, 8, 14));
            (await TicketAsync(ticket.Id)).SlaDueAt.ShouldBe(InTehran(2027, 5, 8, 14));
        }
        finally
        {
            await CalendarChangeAsync(db => db.Remove(db.Holidays.Single(h => h.Id == holiday.Id)));
            await SweepAsync();
        }

        (await TargetsAsync(ticket.Id)).Single(t => t.Kind == SlaTargetKind.Resolution).DueAt.ShouldBe(InTehran(2027, 5, 6, 10), "and back when the holiday goes");
    }

    /// <summary>Changes the working calendar as its administration page does: saved, then dropped from every instance's memory.</summary>
    private async Task CalendarChangeAsync(Action<CrmDbContext> change)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        change(db);
        await db.SaveChangesAsync();
        scope.ServiceProvider.GetRequiredService<Crm.Infrastructure.Calendar.WorkingCalendarSource>().Changed();
    }

    [Fact]
    public async Task A_warning_and_a_breach_each_act_once_however_often_the_sweep_runs_and_a_breach_starts_a_workflow()
    {
        var category = Unique("cat");
        await PolicyAsync(category, first: 60, next: 60, resolution: 0, warnAt: 50, breach: SlaActions.NotifyOwner | SlaActions.RaisePriority);
        var owner = await AgentAsync(await fixture.Base.NewTeamAsync());
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowDefinitions>().CreateAsync("تیکت دیرکرد", "Late ticket", TicketRecordTypes.Ticket, new WorkflowDefinition
            {
                Trigger = new TriggerSpec { Kind = TriggerKind.Event, Event = TicketSla.BreachEvent },
                Conditions = new ConditionGroup { Rules = [new ConditionRule { Field = "Category", Operator = ConditionOperator.Equals, Value = category }] },
                Steps = [new StepSpec { Id = "s1", Kind = StepKind.AddTag, Tags = ["دیرکرد"] }],
            }, enabled: true, CancellationToken.None);
        }

        var contact = await ContactAsync();
        var tickets = new List<Guid>();
        for (var i = 0; i < SlaSweep.BatchSize + 20; i++)
        {
            tickets.Add((await OpenAsync(category, contact, owner)).Id);
        }

        Task<int> NoticesAsync() => QueryAsync(db => db.Set<Notification>().CountAsync(n => n.UserId == owner));
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning.AddMinutes(31);
        // The class's other tests may have tickets due at this instant too.
        (await SweepAsync()).ShouldBeGreaterThanOrEqualTo(tickets.Count, "every ticket is warned, over more than one batch");
        (await SweepAsync()).ShouldBe(0);
        (await NoticesAsync()).ShouldBe(tickets.Count);
        (await TicketAsync(tickets[0])).SlaState.ShouldBe(SlaState.Warning);

        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning.AddMinutes(61);
        (await SweepAsync()).ShouldBeGreaterThanOrEqualTo(tickets.Count);
        (await SweepAsync()).ShouldBe(0);
        (await NoticesAsync()).ShouldBe(2 * tickets.Count, "one warning and one breach notice per ticket");
        var late = await TicketAsync(tickets[^1]);
        (late.SlaState, late.Priority).ShouldBe((SlaState.Breached, TicketPriority.High));

        // Answered after the breach: the target is met, but stays breached for the reports.
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning.AddMinutes(90);
        (await SendAsync(new AddTicketEntry(late.Id, TicketEntryKind.Reply, "پوزش بابت تأخیر"))).Saved.ShouldBeTrue();
        var target = (await TargetsAsync(late.Id)).Single(t => t.Kind == SlaTargetKind.FirstResponse);
        (target.MetAt, target.BreachedAt).ShouldBe((Clock.UtcNow, WorkflowAppFixture.SaturdayMorning.AddMinutes(61)));
        (await TicketAsync(late.Id)).SlaState.ShouldBe(SlaState.Breached);

        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowEngine>().RunDueAsync(CancellationToken.None);
            var tags = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new Crm.Modules.Tags.Contracts.GetRecordTags(TicketRecordTypes.Ticket, [late.Id]));
            tags[late.Id].Select(t => t.Name).ShouldBe(["دیرکرد"], "the breach event started the workflow");
        }
    }

    [Fact]
    public async Task A_postponed_ticket_comes_back_when_its_date_does_and_a_cancelled_one_needs_a_reason()
    {
        var category = Unique("cat");
        await PolicyAsync(category, first: 0, next: 0, resolution: 8 * 60);
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var ticket = await OpenAsync(category, await ContactAsync(), await AgentAsync(await fixture.Base.NewTeamAsync()));
        var until = WorkflowAppFixture.SaturdayMorning.AddDays(2);
        (await SendAsync(new ChangeTicketStatus(ticket.Id, ticket.Version, TicketStatus.Postponed, WorkflowAppFixture.SaturdayMorning.AddHours(-1), null))).Saved.ShouldBeFalse();
        (await SendAsync(new ChangeTicketStatus(ticket.Id, ticket.Version, TicketStatus.Postponed, until, null))).Saved.ShouldBeTrue();
        Clock.UtcNow = until.AddMinutes(1);
        await SweepAsync();
        ticket = await TicketAsync(ticket.Id);
        (ticket.Status, ticket.PostponedUntil).ShouldBe((TicketStatus.InProgress, null));
        var resolution = (await TargetsAsync(ticket.Id)).Single();
        resolution.PausedMinutes.ShouldBe(2 * 8 * 60, "Saturday from 10:00 and Sunday and Monday until the same time: two working days");
        resolution.DueAt.ShouldNotBeNull();

        (await SendAsync(new ChangeTicketStatus(ticket.Id, ticket.Version, TicketStatus.Cancelled, null, " "))).Errors.Keys.ShouldContain("Reason");
        (await SendAsync(new ChangeTicketStatus(ticket.Id, ticket.Version, TicketStatus.Cancelled, null, "duplicate"))).Saved.ShouldBeTrue();
        (await TargetsAsync(ticket.Id)).ShouldAllBe(t => t.Stopped);
    }

    [Fact]
    public async Task A_referral_keeps_who_held_the_ticket_and_only_those_who_may_see_it_open_it()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var first = await fixture.Base.NewTeamAsync();
        var second = await fixture.Base.NewTeamAsync();
        var (agent, agentId) = await SignedInWithIdAsync(CrmRoles.SupportAgent, first);
        var contact = await ContactAsync(agentId);
        var created = await agent.PostForm("/Tickets/Tickets/Create", "/Tickets/Tickets/Create",
            ("Input.Subject", "<script>alert(1)</script> چاپگر"), ("Input.Customer", new RecordRef(RecordTypes.Contact, contact).ToString()),
            ("Input.Priority", "High"), ("Input.Channel", "Phone"));
        var id = IdFrom(created);
        var page = await (await agent.GetAsync($"/Tickets/Tickets/Details/{id}")).Content.ReadAsStringAsync();
        page.ShouldNotContain("<script>alert(1)</script>");
        page.ShouldContain("&lt;script&gt;");

        var colleague = await AgentAsync(second);
        var ticket = await TicketAsync(id);
        var referred = await agent.PostForm($"/Tickets/Tickets/Details/{id}", $"/Tickets/Tickets/Refer/{id}",
            ("version", ticket.Version.ToString()), ("toUserId", colleague.ToString()), ("note", "لطفاً پیگیری کنید"));
        referred.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ticket = await TicketAsync(id);
        (ticket.OwnerId, ticket.TeamId).ShouldBe((colleague, second));
        var referral = await QueryAsync(db => db.Set<TicketEntry>().AsNoTracking().SingleAsync(e => e.TicketId == id && e.Kind == TicketEntryKind.Referral));
        (referral.FromTeamId, referral.ToOwnerId, referral.Body).ShouldBe((first, colleague, "لطفاً پیگیری کنید"));
        (await QueryAsync(db => db.Set<Notification>().CountAsync(n => n.UserId == colleague))).ShouldBe(1);

        (await agent.GetAsync($"/Tickets/Tickets/Details/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "the ticket went to another team");
        var stranger = await SignedInAsync(CrmRoles.SupportAgent, await fixture.Base.NewTeamAsync());
        (await stranger.GetAsync($"/Tickets/Tickets/Details/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.PostForm("/Tickets/Tickets", $"/Tickets/Tickets/AddEntry/{id}", ("kind", "Reply"), ("body", "x"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var teammate = await SignedInAsync(CrmRoles.SupportAgent, second);
        (await teammate.GetAsync($"/Tickets/Tickets/Details/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var rep = await SignedInAsync(CrmRoles.SalesRep, second);
        (await rep.GetAsync("/Tickets/Tickets")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await teammate.GetAsync("/Tickets/SlaPolicies")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // The list shows it in its team's queue, and not in the first team's.
        (await (await teammate.GetAsync($"/Tickets/Tickets?Team={second}")).Content.ReadAsStringAsync()).ShouldContain(ticket.Number);
        (await (await teammate.GetAsync($"/Tickets/Tickets?Team={first}")).Content.ReadAsStringAsync()).ShouldNotContain(ticket.Number);
    }

    [Fact]
    public async Task An_administrator_edits_a_policy_with_its_input_checked_and_the_sweep_moves_open_tickets_onto_it()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var category = Unique("cat");
        var ticket = await OpenAsync(category, await ContactAsync(), await AgentAsync(await fixture.Base.NewTeamAsync()));
        (await TargetsAsync(ticket.Id)).Single(t => t.Kind == SlaTargetKind.FirstResponse).TargetMinutes.ShouldBe(240, "the standard policy");

        var admin = await SignedInAsync(CrmRoles.Administrator, await fixture.Base.NewTeamAsync());
        (string, string)[] Form(string hours) =>
        [
            ("Name", "Quick " + category), ("Category", category), ("FirstResponseHours", hours), ("NextResponseHours", "1"), ("ResolutionHours", "۱۶"),
            ("WarnAtPercent", "80"), ("WarningActions", "NotifyOwner"), ("BreachActions", "RaisePriority"), ("Position", "1"),
        ];
        var refused = await admin.PostForm("/Tickets/SlaPolicies/Edit", "/Tickets/SlaPolicies/Edit", Form("-3"));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("ساعت کاری از ۰ تا");
        (await admin.PostForm("/Tickets/SlaPolicies/Edit", "/Tickets/SlaPolicies/Edit", Form("0.5"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var policy = await QueryAsync(db => db.Set<SlaPolicy>().AsNoTracking().SingleAsync(p => p.Category == category));
        (policy.FirstResponseMinutes, policy.ResolutionMinutes, policy.BreachActions).ShouldBe((30, 16 * 60, SlaActions.RaisePriority));

        await SweepAsync();
        var first = (await TargetsAsync(ticket.Id)).Single(t => t.Kind == SlaTargetKind.FirstResponse);
        (first.PolicyId, first.TargetMinutes, first.DueAt).ShouldBe((policy.Id, 30, WorkflowAppFixture.SaturdayMorning.AddMinutes(30)));
        (await QueryAsync(db => db.Set<TicketSequence>().Where(s => s.Key == SlaRecompute.Key).Select(s => s.Last).SingleAsync())).ShouldBe(0, "the recompute is done");
    }

    [Fact]
    public async Task A_workflow_opens_a_ticket_for_a_contact_with_a_number_of_its_own()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var owner = await AgentAsync(await fixture.Base.NewTeamAsync());
        var contact = await ContactAsync(owner);
        await using var scope = App.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var workflow = await scope.ServiceProvider.GetRequiredService<WorkflowDefinitions>().CreateAsync("خدمات", "Service call", RecordTypes.Contact, new WorkflowDefinition
        {
            Trigger = new TriggerSpec { Kind = TriggerKind.Manual },
            Steps = [new StepSpec { Id = "s1", Kind = StepKind.CreateRecord, RecordType = TicketRecordTypes.Ticket, Subject = "سرویس دوره‌ای {FullName}" }],
        }, enabled: true, CancellationToken.None);
        (await mediator.Send(new Crm.Modules.Workflow.Contracts.StartWorkflow(workflow.Id, new RecordRef(RecordTypes.Contact, contact)))).ShouldNotBeNull();
        await scope.ServiceProvider.GetRequiredService<WorkflowEngine>().RunDueAsync(CancellationToken.None);
        var ticket = await QueryAsync(db => db.Set<Ticket>().AsNoTracking().SingleAsync(t => t.ContactId == contact));
        ticket.Subject.ShouldStartWith("سرویس دوره‌ای نرگس");
        ticket.OwnerId.ShouldBe(owner, "opened by an automation, the customer's owner holds it");
        ticket.Number.ShouldMatch(@"^TCK-1405-\d{6}$");
    }

    [Fact]
    public async Task Files_go_with_a_reply_when_small_and_of_a_kind_taken_and_are_served_only_to_those_who_see_the_ticket()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var team = await fixture.Base.NewTeamAsync();
        var (agent, agentId) = await SignedInWithIdAsync(CrmRoles.SupportAgent, team);
        var ticket = await OpenAsync(Unique("cat"), await ContactAsync(agentId), agentId);
        var pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

        async Task<string> ReplyAsync(string body, params (string Name, byte[] Content)[] files)
        {
            var token = await agent.TokenFrom($"/Tickets/Tickets/Details/{ticket.Id}");
            using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("Reply"), "kind" }, { new StringContent(body), "body" } };
            foreach (var (name, content) in files)
            {
                form.Add(new ByteArrayContent(content), "files", name);
            }

            var posted = await agent.PostAsync($"/Tickets/Tickets/AddEntry/{ticket.Id}", form);
            posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            return await agent.GetStringAsync($"/Tickets/Tickets/Details/{ticket.Id}");
        }

        var page = await ReplyAsync("گزارش و عکس پیوست است", ("../../etc/گزارش.pdf", pdf), ("photo.PNG", png));
        var files = await QueryAsync(db => db.Set<TicketAttachment>().AsNoTracking().Where(a => a.TicketId == ticket.Id).OrderBy(a => a.FileName).ToListAsync());
        files.Select(f => (f.FileName, f.ContentType, f.Length)).ShouldBe([("photo.PNG", "image/png", png.Length), ("گزارش.pdf", "application/pdf", pdf.Length)]);
        page.ShouldContain("گزارش.pdf");
        var served = await agent.GetAsync($"/Tickets/Tickets/Attachment/{ticket.Id}?file={files[1].Id}");
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        served.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        (await served.Content.ReadAsByteArrayAsync()).ShouldBe(pdf);
        served.Headers.GetValues("Content-Security-Policy").Single().ShouldStartWith("sandbox");

        // Too large, a page renamed to .pdf, a program, six files: each refused with its reason, and nothing kept.
        var tooLarge = new byte[TicketAttachments.MaxFileBytes + 1];
        pdf.CopyTo(tooLarge, 0);
        (await ReplyAsync("بزرگ", ("big.pdf", tooLarge))).ShouldContain("«big.pdf» بزرگ‌تر از 10 مگابایت است");
        (await ReplyAsync("صفحه", ("invoice.pdf", "<html><script>alert(1)</script></html>"u8.ToArray()))).ShouldContain("«invoice.pdf» از نوع‌های پذیرفتنی برای تیکت نیست");
        (await ReplyAsync("صفحه", ("notes.txt", "  <svg onload=alert(1)>"u8.ToArray()))).ShouldContain("«notes.txt» از نوع‌های پذیرفتنی");
        (await ReplyAsync("برنامه", ("setup.exe", [0x4D, 0x5A, 0x90, 0]))).ShouldContain("«setup.exe» از نوع‌های پذیرفتنی");
        (await ReplyAsync("زیاد", [.. Enumerable.Range(0, 6).Select(i => ($"p{i}.png", png))])).ShouldContain("حداکثر 5 فایل");
        (await QueryAsync(db => db.Set<TicketAttachment>().CountAsync(a => a.TicketId == ticket.Id))).ShouldBe(2);
        (await QueryAsync(db => db.Set<TicketEntry>().CountAsync(e => e.TicketId == ticket.Id && e.Kind == TicketEntryKind.Reply))).ShouldBe(1, "a refused file refuses its reply");

        // Another team's agent and a sales rep cannot fetch the file; a made-up pairing of ticket and file finds nothing.
        var stranger = await SignedInAsync(CrmRoles.SupportAgent, await fixture.Base.NewTeamAsync());
        (await stranger.GetAsync($"/Tickets/Tickets/Attachment/{ticket.Id}?file={files[1].Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await SignedInAsync(CrmRoles.SalesRep, team)).GetAsync($"/Tickets/Tickets/Attachment/{ticket.Id}?file={files[1].Id}")).StatusCode
            .ShouldBe(HttpStatusCode.NotFound, "a sales rep reads only the tickets of customers they see");
        (await (await SignedInAsync(CrmRoles.Marketer, team)).GetAsync($"/Tickets/Tickets/Attachment/{ticket.Id}?file={files[1].Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var other = await OpenAsync(Unique("cat"), await ContactAsync(agentId), agentId);
        (await agent.GetAsync($"/Tickets/Tickets/Attachment/{other.Id}?file={files[1].Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<Crm.Modules.Sales.Domain.Product> ProductAsync(string name, long price, int warrantyMonths = 0)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var product = new Crm.Modules.Sales.Domain.Product { Code = Unique("P"), Name = name, EnglishName = name, Unit = "عدد", BasePrice = price, VatRate = 10, WarrantyMonths = warrantyMonths };
        db.Add(product);
        await db.SaveChangesAsync();
        return product;
    }

    private async Task<ProductRegistration> RegisterAsync(Guid product, Guid contact, DateOnly purchased)
    {
        var saved = await SendAsync(new SaveRegistration(new RegistrationInput
        {
            ProductId = product, Customer = new RecordRef(RecordTypes.Contact, contact).ToString(), SerialNumber = Unique("sn-"), PurchaseDate = purchased.ToString("yyyy-MM-dd"),
        }));
        saved.Errors.ShouldBeEmpty();
        return await QueryAsync(db => db.Set<ProductRegistration>().AsNoTracking().SingleAsync(r => r.Id == saved.Id));
    }

    private Task<RepairOrder> RepairAsync(Guid id) =>
        QueryAsync(db => db.Set<RepairOrder>().AsNoTracking().Include(r => r.Operations).Include(r => r.Parts).SingleAsync(r => r.Id == id));

    private Task<Crm.Modules.Invoicing.Domain.Invoice> InvoiceAsync(Guid id) =>
        QueryAsync(db => db.Set<Crm.Modules.Invoicing.Domain.Invoice>().AsNoTracking().Include(i => i.Lines).SingleAsync(i => i.Id == id));

    [Fact]
    public async Task Warranty_is_decided_from_the_registration_and_each_repair_bills_what_the_warranty_does_not_cover()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(Clock.UtcNow, Tehran));
        var team = await fixture.Base.NewTeamAsync();
        var (agent, agentId) = await SignedInWithIdAsync(CrmRoles.SupportAgent, team);
        var contact = await ContactAsync(agentId);
        var device = await ProductAsync("کارت‌خوان", 20_000_000, warrantyMonths: 12);
        var board = await ProductAsync("برد اصلی", 1_000_000);
        var cable = await ProductAsync("کابل", 300_000);

        // Bought a month ago: in warranty until a day short of a year after; bought two years ago: out of it.
        var recent = await RegisterAsync(device.Id, contact, today.AddMonths(-1));
        (recent.WarrantyStart, recent.WarrantyEnd).ShouldBe((today.AddMonths(-1), today.AddMonths(11).AddDays(-1)));
        recent.InWarrantyOn(today).ShouldBeTrue();
        var old = await RegisterAsync(device.Id, contact, today.AddYears(-2));
        old.InWarrantyOn(today).ShouldBeFalse();
        (await SendAsync(new SaveRegistration(new RegistrationInput
        {
            ProductId = device.Id, Customer = new RecordRef(RecordTypes.Contact, contact).ToString(), SerialNumber = recent.SerialNumber.ToLowerInvariant(), PurchaseDate = "2026-01-01",
        }))).Errors.Keys.ShouldBe(["SerialNumber"], "a serial number is registered once per product");

        // A ticket on the registered item says at once that it is in warranty; a repair opened from it is.
        var ticket = IdFrom(await agent.PostForm($"/Tickets/Tickets/Create?customer=Contact:{contact}&registration={recent.Id}", "/Tickets/Tickets/Create",
            ("Input.Subject", "صفحه‌نمایش خاموش است"), ("Input.Customer", $"Contact:{contact}"), ("Input.RegistrationId", recent.Id.ToString()), ("Input.Priority", "Normal"), ("Input.Channel", "WalkIn")));
        (await agent.GetStringAsync($"/Tickets/Tickets/Details/{ticket}")).ShouldContain("data-in-warranty=\"true\"");
        var repairId = IdFrom(await agent.PostForm($"/Tickets/Repairs/Create?ticket={ticket}", "/Tickets/Repairs/Create",
            ("Input.TicketId", ticket.ToString()), ("Input.ReportedFaults", "صفحه‌نمایش خاموش است"), ("Input.Condition", "خط‌وخش روی بدنه"), ("Input.Accessories", "شارژر")));
        var repair = await RepairAsync(repairId);
        (repair.InWarranty, repair.RegistrationId, repair.Item, repair.Status).ShouldBe((true, recent.Id, "کارت‌خوان", RepairStatus.Received));
        repair.Number.ShouldMatch(@"^RPR-1405-\d{6}$");

        // Covered: two boards and an hour of work; not covered: a cable the customer broke.
        async Task Post(string action, params (string, string)[] fields) =>
            (await agent.PostForm($"/Tickets/Repairs/Details/{repairId}", $"/Tickets/Repairs/{action}/{repairId}", fields)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await Post("AddPart", ("line.ProductId", board.Id.ToString()), ("line.Quantity", "2"), ("line.Covered", "true"));
        await Post("AddOperation", ("line.Description", "تعویض برد"), ("line.Minutes", "60"), ("line.HourlyRate", "500000"), ("line.Covered", "true"));
        await Post("AddPart", ("line.ProductId", cable.Id.ToString()), ("line.Quantity", "1"), ("line.Covered", "false"));
        repair = await RepairAsync(repairId);
        (repair.Covered, repair.Chargeable).ShouldBe((2_500_000, 300_000));
        await Post("Invoice");
        repair = await RepairAsync(repairId);
        var invoice = await InvoiceAsync(repair.InvoiceId!.Value);
        (invoice.Type, invoice.IsIssued, invoice.Lines.Count, invoice.Total).ShouldBe((Crm.Modules.Invoicing.Domain.InvoiceType.Service, true, 3, 330_000L), "the cable and its 10% VAT");
        invoice.Number.ShouldBe(repair.InvoiceNumber);
        invoice.Lines.Where(l => l.UnitPrice == 0).Count().ShouldBe(2);
        await Post("Invoice");
        (await QueryAsync(db => db.Set<Crm.Modules.Invoicing.Domain.Invoice>().CountAsync(i => i.ContactId == contact))).ShouldBe(1, "a repair is invoiced once");

        // Out of warranty: the work waits on the customer's yes to the estimate, given once by a signed link.
        var outOfWarranty = IdFrom(await agent.PostForm($"/Tickets/Repairs/Create?registration={old.Id}", "/Tickets/Repairs/Create",
            ("Input.Customer", $"Contact:{contact}"), ("Input.RegistrationId", old.Id.ToString()), ("Input.ReportedFaults", "روشن نمی‌شود")));
        repairId = outOfWarranty;
        (await RepairAsync(repairId)).InWarranty.ShouldBeFalse();
        var version = (await RepairAsync(repairId)).Version;
        await Post("Move", ("version", version.ToString()), ("status", "AwaitingApproval"));
        (await RepairAsync(repairId)).Status.ShouldBe(RepairStatus.Received, "no estimate yet");
        await Post("AddPart", ("line.ProductId", board.Id.ToString()), ("line.Quantity", "2"), ("line.Covered", "true"));
        await Post("AddOperation", ("line.Description", "عیب‌یابی و تعمیر"), ("line.Minutes", "90"), ("line.HourlyRate", "400000"));
        (await RepairAsync(repairId)).Parts.Single().Covered.ShouldBeFalse("nothing is covered out of warranty");
        (await agent.PostForm($"/Tickets/Repairs/Edit/{repairId}", $"/Tickets/Repairs/Edit/{repairId}", ("Input.Version", (await RepairAsync(repairId)).Version.ToString()),
            ("Input.ReportedFaults", "روشن نمی‌شود"), ("Input.Diagnosis", "برد سوخته"), ("Input.Fault", " برد "), ("Input.Estimate", "2600000"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await QueryFiguresAsync(agentId, team)).RepairsByFault.ShouldBe([new("", 1, 0, 0), new("برد", 1, 0, 0)], ignoreOrder: true);
        (await agent.GetStringAsync($"/Tickets/Repairs/Create?registration={old.Id}")).ShouldContain("<option value=\"برد\">", Case.Sensitive, "faults used before are offered");
        await Post("Move", ("version", (await RepairAsync(repairId)).Version.ToString()), ("status", "AwaitingApproval"));
        await Post("Move", ("version", (await RepairAsync(repairId)).Version.ToString()), ("status", "Repairing"));
        (await RepairAsync(repairId)).Status.ShouldBe(RepairStatus.AwaitingApproval, "not approved yet");

        var link = await QueryLinkAsync(repairId);
        link.ShouldStartWith("http://localhost/Tickets/Answer/estimate?t=", Case.Sensitive);
        var customer = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var path = new Uri(link).PathAndQuery;
        var estimatePage = await customer.GetStringAsync(path);
        estimatePage.ShouldContain("۲٬۶۰۰٬۰۰۰");
        FormOf(estimatePage, "/Tickets/Answer/Estimate").ShouldContain("__RequestVerificationToken", customMessage: "the customer's own form carries its anti-forgery token");
        (await customer.GetStringAsync(path.Replace("t=", "t=x"))).ShouldContain("این پیوند معتبر نیست");
        var token = Uri.UnescapeDataString(path.Split("t=")[1]);
        (await customer.PostForm(path, "/Tickets/Answer/Estimate", ("t", token), ("approved", "true"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        repair = await RepairAsync(repairId);
        (repair.Status, repair.ApprovedVia).ShouldBe((RepairStatus.Repairing, ApprovalChannel.Link));
        (await (await customer.PostForm(path, "/Tickets/Answer/Estimate", ("t", token), ("approved", "false"))).Content.ReadAsStringAsync()).ShouldContain("این برآورد منتظر پاسخ نیست");
        (await RepairAsync(repairId)).Status.ShouldBe(RepairStatus.Repairing, "the link answers once");

        await Post("Move", ("version", repair.Version.ToString()), ("status", "Ready"));
        await Post("Deliver", ("version", (await RepairAsync(repairId)).Version.ToString()), ("collectedBy", "نرگس کاظمی"));
        repair = await RepairAsync(repairId);
        (repair.Status, repair.CollectedBy).ShouldBe((RepairStatus.Delivered, "نرگس کاظمی"));
        await Post("AddPart", ("line.ProductId", cable.Id.ToString()), ("line.Quantity", "1"));
        (await RepairAsync(repairId)).Parts.Count.ShouldBe(1, "a delivered repair changes no more");
        await Post("Invoice");
        invoice = await InvoiceAsync((await RepairAsync(repairId)).InvoiceId!.Value);
        // Parts 2,000,000 and work 600,000, each with 10% VAT.
        (invoice.Subtotal, invoice.VatTotal, invoice.Total).ShouldBe((2_600_000L, 260_000L, 2_860_000L));

        // The receipt prints in English (and Persian); others' agents and sales reps do not see the repair.
        var pdf = Path.Combine(Directory.CreateTempSubdirectory("crm-receipt").FullName, "receipt.pdf");
        await File.WriteAllBytesAsync(pdf, await agent.GetByteArrayAsync($"/Tickets/Repairs/Receipt/{repairId}?language=en"));
        var text = PdfText(pdf);
        text.ShouldContain("Repair receipt");
        text.ShouldContain(repair.Number);
        var stranger = await SignedInAsync(CrmRoles.SupportAgent, await fixture.Base.NewTeamAsync());
        (await stranger.GetAsync($"/Tickets/Repairs/Details/{repairId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetAsync($"/Tickets/Registrations/Details/{old.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetAsync($"/Tickets/Repairs/Receipt/{repairId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await agent.GetStringAsync($"/Tickets/Registrations/Details/{old.Id}")).ShouldContain(repair.Number);
    }

    private async Task<string> QueryLinkAsync(Guid repairId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<CustomerLinks>().Url(CustomerLinks.Estimate, repairId);
    }

    /// <summary>The markup of the form that holds <paramref name="marker"/> (its id or action), up to its end.</summary>
    private static string FormOf(string html, string marker)
    {
        var start = html.LastIndexOf("<form", html.IndexOf(marker, StringComparison.Ordinal), StringComparison.Ordinal);
        return html[start..html.IndexOf("</form>", start, StringComparison.Ordinal)];
    }

    private static string PdfText(string file)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pdftotext", $"-enc UTF-8 \"{file}\" -") { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0);
        return output;
    }

    [Fact]
    public async Task Closing_a_ticket_asks_the_customer_once_by_sms_for_a_rating_that_a_signed_link_takes_once()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var owner = await AgentAsync(await fixture.Base.NewTeamAsync());
        var mobile = Mobile();
        Guid contact;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var person = new Contact { OwnerId = owner };
            person.SetName("نرگس", Unique("کاظمی"));
            person.Phones.Add(PhoneEntry.Create(PhoneType.Mobile, mobile, 0));
            db.Add(person);
            await db.SaveChangesAsync();
            contact = person.Id;
        }

        var ticket = await OpenAsync(Unique("cat"), contact, owner);
        foreach (var status in new[] { TicketStatus.Resolved, TicketStatus.Closed, TicketStatus.InProgress, TicketStatus.Closed })
        {
            (await SendAsync(new ChangeTicketStatus(ticket.Id, (await TicketAsync(ticket.Id)).Version, status, null, null))).Saved.ShouldBeTrue();
        }

        var asked = await QueryAsync(db => db.Set<Crm.Modules.Messaging.Domain.OutboxMessage>().AsNoTracking().Where(m => m.RecipientId == contact).ToListAsync());
        asked.Count.ShouldBe(1, "closed twice, asked once");
        asked[0].Channel.ShouldBe(Crm.Modules.Messaging.Contracts.MessageChannel.Sms);
        asked[0].Body.ShouldContain(ticket.Number);
        var link = System.Text.RegularExpressions.Regex.Match(asked[0].Body, @"http://localhost/Tickets/Answer/rating\?t=\S+").Value;
        link.ShouldNotBeEmpty();

        var customer = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var path = new Uri(link).PathAndQuery;
        var token = Uri.UnescapeDataString(path.Split("t=")[1]);
        var ratingPage = await customer.GetStringAsync(path);
        ratingPage.ShouldContain(ticket.Number);
        FormOf(ratingPage, "rating-form").ShouldContain("__RequestVerificationToken", customMessage: "the customer's own form carries its anti-forgery token");
        (await customer.GetStringAsync(path.Replace("t=", "t=A"))).ShouldContain("این پیوند معتبر نیست");
        (await customer.GetStringAsync("/Tickets/Answer/Estimate?t=" + Uri.EscapeDataString(token))).ShouldContain("این پیوند معتبر نیست", customMessage: "a rating link is not an estimate link");
        (await customer.PostForm(path, "/Tickets/Answer/Rating", ("t", token), ("score", "9"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await TicketAsync(ticket.Id)).Rating.ShouldBeNull("a rating is 1 to 5");
        var comment = "<b>خیلی خوب</b> " + new string('x', 2000);
        (await customer.PostForm(path, "/Tickets/Answer/Rating", ("t", token), ("score", "4"), ("comment", comment))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var rated = await TicketAsync(ticket.Id);
        (rated.Rating, rated.RatingComment!.Length).ShouldBe((4, Ticket.RatingCommentMaxLength));
        (await (await customer.PostForm(path, "/Tickets/Answer/Rating", ("t", token), ("score", "1"))).Content.ReadAsStringAsync()).ShouldContain("پیش‌تر امتیاز داده شده");
        (await TicketAsync(ticket.Id)).Rating.ShouldBe(4, "the link rates once");

        var admin = await SignedInAsync(CrmRoles.Administrator, await fixture.Base.NewTeamAsync());
        var page = await admin.GetStringAsync($"/Tickets/Tickets/Details/{ticket.Id}");
        page.ShouldContain("id=\"ticket-rating\"");
        page.ShouldContain("&lt;b&gt;خیلی خوب&lt;/b&gt;");
    }

    private static MimeKit.MimeMessage Mail(string from, string subject, string body, Action<MimeKit.MimeMessage>? more = null, params (string Name, byte[] Content)[] files)
    {
        var message = new MimeKit.MimeMessage();
        message.From.Add(MimeKit.MailboxAddress.Parse(from));
        message.To.Add(MimeKit.MailboxAddress.Parse(ImapServer.User));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("mail.example.test");
        var builder = new MimeKit.BodyBuilder { TextBody = body };
        foreach (var (name, content) in files)
        {
            builder.Attachments.Add(name, content);
        }

        message.Body = builder.ToMessageBody();
        more?.Invoke(message);
        return message;
    }

    [Fact]
    public async Task Mail_to_a_team_mailbox_opens_a_ticket_a_reply_joins_it_automatic_mail_makes_nothing_and_a_restart_imports_nothing_twice()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        using var imap = new ImapServer();
        var team = await fixture.Base.NewTeamAsync();
        var admin = await SignedInAsync(CrmRoles.Administrator, team);
        var mailboxName = Unique("پشتیبانی ");
        (await admin.PostForm("/Tickets/Mailboxes/Edit", "/Tickets/Mailboxes/Edit",
            ("Input.Name", mailboxName), ("Input.Address", ImapServer.User), ("Input.Host", "127.0.0.1"), ("Input.Port", imap.Port.ToString()), ("Input.Security", "None"),
            ("Input.UserName", ImapServer.User), ("Input.Password", ImapServer.Password), ("Input.Folder", "INBOX"), ("Input.TeamId", team.ToString()), ("Input.Enabled", "true")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var mailbox = await QueryAsync(db => db.Set<TicketMailbox>().AsNoTracking().SingleAsync(m => m.Name == mailboxName.Trim()));
        mailbox.ProtectedPassword.ShouldNotContain(ImapServer.Password, Case.Sensitive, "the password is stored encrypted");

        var sender = Unique("sara.") + "@example.com";
        var pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();
        await imap.AppendAsync(Mail($"سارا احمدی <{sender}>", "چاپگر کار نمی‌کند", "از دیروز چاپ نمی‌کند.", null, ("invoice.pdf", pdf), ("run.exe", [0x4D, 0x5A, 0, 0])));
        await imap.AppendAsync(Mail($"سارا احمدی <{sender}>", "Out of office", "I am away.", m => m.Headers.Add("Auto-Submitted", "auto-replied")));
        await imap.AppendAsync(Mail("MAILER-DAEMON@example.com", "Undelivered Mail Returned to Sender", "bounce"));
        await imap.AppendAsync(Mail(ImapServer.User, "[TCK-1405-999999] echo", "our own mail"));

        TicketMailReader Reader()
        {
            using var scope = App.Services.CreateScope();
            return ActivatorUtilities.CreateInstance<TicketMailReader>(scope.ServiceProvider);
        }

        var first = await Reader().CheckAsync(mailbox.Id, CancellationToken.None);
        first.ShouldBe(new MailCheck(4, 1, 0, 3, null));
        var ticket = await QueryAsync(db => db.Set<Ticket>().AsNoTracking().SingleAsync(t => t.TeamId == team && t.Channel == TicketChannel.Email));
        (ticket.Subject, ticket.OwnerId, ticket.Status).ShouldBe(("چاپگر کار نمی‌کند", (Guid?)null, TicketStatus.New), "it waits in the team's queue");
        ticket.Description!.ShouldContain("از دیروز چاپ نمی‌کند.");
        ticket.Description!.ShouldContain("«run.exe»");
        var contact = await QueryAsync(db => db.Set<Contact>().AsNoTracking().Include(c => c.Emails).SingleAsync(c => c.Id == ticket.ContactId));
        (contact.FullName, contact.Emails.Single().Address).ShouldBe(("سارا احمدی", sender));
        (await QueryAsync(db => db.Set<TicketAttachment>().AsNoTracking().Where(a => a.TicketId == ticket.Id).Select(a => a.FileName).ToListAsync())).ShouldBe(["invoice.pdf"]);
        (await QueryAsync(db => db.Set<TicketMailImport>().AsNoTracking().Where(i => i.MailboxId == mailbox.Id && i.Outcome == MailOutcome.Ignored).Select(i => i.Reason!).ToListAsync()))
            .ShouldBe(["Auto-Submitted: auto-replied", "sender MAILER-DAEMON@example.com", "the mailbox's own address"], ignoreOrder: true);

        // The agent's reply goes out by email with the number in its subject; the customer's answer joins the ticket.
        (await SendAsync(new AddTicketEntry(ticket.Id, TicketEntryKind.Reply, "لطفاً کابل را بررسی کنید."))).Saved.ShouldBeTrue();
        var outgoing = await QueryAsync(db => db.Set<Crm.Modules.Messaging.Domain.OutboxMessage>().AsNoTracking().SingleAsync(m => m.To == sender));
        outgoing.Subject.ShouldBe($"[{ticket.Number}] چاپگر کار نمی‌کند");
        await imap.AppendAsync(Mail(sender, "Re: " + outgoing.Subject, "کابل را عوض کردم، درست شد."));
        (await Reader().CheckAsync(mailbox.Id, CancellationToken.None)).ShouldBe(new MailCheck(1, 0, 1, 0, null));
        var thread = await QueryAsync(db => db.Set<TicketEntry>().AsNoTracking().Where(e => e.TicketId == ticket.Id && e.Kind == TicketEntryKind.CustomerReply).ToListAsync());
        thread.Single().Body.ShouldBe("کابل را عوض کردم، درست شد.");

        // A reader that lost its progress (restarted from an older state) reads everything again and imports nothing twice.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Set<TicketMailbox>().Where(m => m.Id == mailbox.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.LastUid, 0L));
        }

        (await Reader().CheckAsync(mailbox.Id, CancellationToken.None)).ShouldBe(new MailCheck(5, 0, 0, 0, null));
        (await QueryAsync(db => db.Set<Ticket>().CountAsync(t => t.TeamId == team))).ShouldBe(1);
        (await QueryAsync(db => db.Set<TicketEntry>().CountAsync(e => e.TicketId == ticket.Id && e.Kind == TicketEntryKind.CustomerReply))).ShouldBe(1);
        (await QueryAsync(db => db.Set<TicketMailImport>().CountAsync(i => i.MailboxId == mailbox.Id))).ShouldBe(5);

        // A wrong password is reported on the mailbox's page, and nothing is read.
        (await admin.PostForm($"/Tickets/Mailboxes/Edit/{mailbox.Id}", "/Tickets/Mailboxes/Edit",
            ("Input.Id", mailbox.Id.ToString()), ("Input.Version", (await QueryAsync(db => db.Set<TicketMailbox>().AsNoTracking().SingleAsync(m => m.Id == mailbox.Id))).Version.ToString()),
            ("Input.Name", mailboxName), ("Input.Address", ImapServer.User), ("Input.Host", "127.0.0.1"), ("Input.Port", imap.Port.ToString()), ("Input.Security", "None"),
            ("Input.UserName", ImapServer.User), ("Input.Password", "wrong"), ("Input.Folder", "INBOX"), ("Input.TeamId", team.ToString()), ("Input.Enabled", "true")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.PostForm("/Tickets/Mailboxes", $"/Tickets/Mailboxes/Check/{mailbox.Id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await QueryAsync(db => db.Set<TicketMailbox>().AsNoTracking().SingleAsync(m => m.Id == mailbox.Id))).LastError.ShouldNotBeNull();
        (await (await SignedInAsync(CrmRoles.SupportAgent, team)).GetAsync("/Tickets/Mailboxes")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Sales_staff_read_their_customers_tickets_from_the_customer_s_page_and_change_nothing()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var repTeam = await fixture.Base.NewTeamAsync();
        var (rep, repId) = await SignedInWithIdAsync(CrmRoles.SalesRep, repTeam);
        var contact = await ContactAsync(repId);
        var ticket = await OpenAsync(Unique("cat"), contact, await AgentAsync(await fixture.Base.NewTeamAsync()));

        var customerPage = await rep.GetStringAsync($"/Contacts/Contacts/Details/{contact}");
        customerPage.ShouldContain(ticket.Number);
        var details = await rep.GetAsync($"/Tickets/Tickets/Details/{ticket.Id}");
        details.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await details.Content.ReadAsStringAsync();
        html.ShouldContain(ticket.Subject);
        html.ShouldNotContain("id=\"reply-form\"");
        html.ShouldNotContain("id=\"status-form\"");
        (await rep.PostForm($"/Tickets/Tickets/Details/{ticket.Id}", $"/Tickets/Tickets/AddEntry/{ticket.Id}", ("kind", "Note"), ("body", "x"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await rep.GetAsync("/Tickets/Tickets")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // Another team's rep does not see the customer, so not its ticket either.
        var other = await SignedInAsync(CrmRoles.SalesRep, await fixture.Base.NewTeamAsync());
        (await other.GetAsync($"/Tickets/Tickets/Details/{ticket.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_team_queue_hands_tickets_out_in_turn_or_to_the_least_busy_agent()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var team = await fixture.Base.NewTeamAsync();
        var agents = new[] { await AgentAsync(team), await AgentAsync(team) }.Order().ToArray();
        var admin = await SignedInAsync(CrmRoles.Administrator, await fixture.Base.NewTeamAsync());
        (await admin.PostForm("/Tickets/Mailboxes", "/Tickets/Mailboxes/Queue", ("teamId", team.ToString()), ("mode", "RoundRobin"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        async Task<Guid?> ReferToTeamAsync()
        {
            var ticket = await OpenAsync(Unique("cat"), await ContactAsync(), await AgentAsync(await fixture.Base.NewTeamAsync()));
            (await SendAsync(new ReferTicket(ticket.Id, ticket.Version, null, team, "برای تیم"))).Saved.ShouldBeTrue();
            return (await TicketAsync(ticket.Id)).OwnerId;
        }

        (await ReferToTeamAsync(), await ReferToTeamAsync(), await ReferToTeamAsync()).ShouldBe((agents[0], agents[1], agents[0]), "in turn");
        (await QueryAsync(db => db.Set<Notification>().CountAsync(n => n.UserId == agents[1]))).ShouldBe(1);

        // Least busy: the first agent holds two open tickets, the second one; the next goes to the second, then they are level.
        (await admin.PostForm("/Tickets/Mailboxes", "/Tickets/Mailboxes/Queue", ("teamId", team.ToString()), ("mode", "LeastBusy"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ReferToTeamAsync()).ShouldBe(agents[1]);
        (await admin.PostForm("/Tickets/Mailboxes", "/Tickets/Mailboxes/Queue", ("teamId", team.ToString()), ("mode", "Manual"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ReferToTeamAsync()).ShouldBeNull("a manual queue keeps the ticket until someone takes it");
    }

    [Fact]
    public async Task The_service_report_counts_a_team_s_tickets_times_in_working_hours_and_exports_to_Excel()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var team = await fixture.Base.NewTeamAsync();
        var (agent, agentId) = await SignedInWithIdAsync(CrmRoles.SupportAgent, team);
        var category = Unique("cat");
        await PolicyAsync(category, first: 60, next: 60, resolution: 240);
        var tickets = new List<Ticket>();
        for (var i = 0; i < 3; i++)
        {
            tickets.Add(await OpenAsync(category, await ContactAsync(agentId), agentId));
        }

        // One answered after 30 working minutes and solved after two hours; one left to breach its first response.
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning.AddMinutes(30);
        (await SendAsync(new AddTicketEntry(tickets[0].Id, TicketEntryKind.Reply, "در حال بررسی"))).Saved.ShouldBeTrue();
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning.AddHours(2);
        (await SendAsync(new ChangeTicketStatus(tickets[0].Id, (await TicketAsync(tickets[0].Id)).Version, TicketStatus.Resolved, null, null))).Saved.ShouldBeTrue();
        await SweepAsync();

        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(WorkflowAppFixture.SaturdayMorning, Tehran)).ToString("yyyy-MM-dd");
        var url = $"/Reports/Reports/Service?Period=custom&From={day}&To={day}&Calendar=gregorian&culture=en-US&ui-culture=en-US";
        var manager = await SignedInAsync(CrmRoles.SalesManager, team);
        var page = await manager.GetStringAsync(url);
        page.ShouldContain("After-sales service");
        (await agent.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "the reports hub is for managers and sales staff");
        var excel = await XlsxText(await manager.GetAsync(url + "&export=xlsx"));
        excel.ShouldContain("Tickets opened");
        var figures = await QueryFiguresAsync(agentId, team);
        (figures.ByDay.Sum(d => d.Opened), figures.ByDay.Sum(d => d.Solved)).ShouldBe((3, 1), "the agent sees their team's three tickets");
        (figures.FirstResponse.Count, figures.FirstResponse.Median).ShouldBe((1, 30d));
        figures.Resolution.Median.ShouldBe(120d);
        figures.TargetsBreached.ShouldBe(2, "two first responses were never given within the hour");
        figures.Groups["Agent"].Single().ShouldBe(new Crm.Modules.Tickets.Contracts.ServiceGroup(agentId.ToString(), 3, 1, 2));
    }

    [Fact]
    public async Task The_list_s_statement_returns_the_same_pages_as_its_query_for_every_filter_and_viewer()
    {
        var team = await fixture.Base.NewTeamAsync();
        var (agent, colleague, loner) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var tag = Unique("lst");
        var now = WorkflowAppFixture.SaturdayMorning;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            for (var i = 0; i < 40; i++)
            {
                var due = i % 5 == 0 ? (DateTime?)null : now.AddMinutes(i % 7 * 30);
                var ticket = new Ticket
                {
                    Number = $"TCK-{tag}-{i:00}".ToUpperInvariant(), Subject = $"{tag} چاپگر {i}", CustomerName = i % 3 == 0 ? "شرکت " + tag : "نرگس کاظمی",
                    Priority = (TicketPriority)(i % 4), Status = (TicketStatus)(i % 8), SlaState = (SlaState)(i % 5), SlaDueAt = due,
                    SlaSortKey = due?.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) ?? Ticket.NoDue,
                    OwnerId = (i % 4) switch { 0 => agent, 1 => colleague, 2 => loner, _ => null }, TeamId = i % 4 == 2 ? null : team,
                    CreatedAt = now.AddMinutes(-i), IsDeleted = i % 9 == 0,
                };
                db.Add(ticket);
            }

            await db.SaveChangesAsync();
        }

        ICurrentUser[] viewers = [new Viewer(Guid.NewGuid(), null, true), new Viewer(agent, team, false), new Viewer(loner, null, false), new Viewer(Guid.NewGuid(), team, false)];
        Func<TicketFilter>[] filters =
        [
            () => new() { Q = tag }, () => new() { Q = tag, Scope = "all" }, () => new() { Q = tag, Scope = "closed" }, () => new() { Q = tag, Sort = "due", Scope = "all" },
            () => new() { Q = tag, Mine = true, Scope = "all" }, () => new() { Q = tag, Team = team, Sort = "due" }, () => new() { Q = tag, Priority = TicketPriority.High, Scope = "all" },
            () => new() { Q = tag, Sla = SlaState.Breached, Scope = "all" }, () => new() { Q = tag, Deleted = true, Scope = "all" }, () => new() { Q = $"tck-{tag}-07" },
            () => new() { Q = "شرکت " + tag, Scope = "all", Sort = "due" }, () => new() { Sort = "due" }, () => new(),
        ];

        await using var reading = App.Services.CreateAsyncScope();
        var context = reading.ServiceProvider.GetRequiredService<CrmDbContext>();
        var rows = 0;
        foreach (var viewer in viewers)
        {
            foreach (var filter in filters)
            {
                var statement = await ListWalks.WalkAsync(filter, f => TicketListStatement.PageAsync(context, viewer, f, 4, CancellationToken.None), Describe);
                var linq = await ListWalks.WalkAsync(filter, f => TicketList.PageAsync(context, viewer, f, 4, CancellationToken.None), Describe);
                statement.ShouldBe(linq, $"viewer {viewer}, filter {System.Text.Json.JsonSerializer.Serialize(filter())}");
                rows += statement.Count(line => line.StartsWith("row", StringComparison.Ordinal) && line.Contains(tag, StringComparison.Ordinal));
            }
        }

        rows.ShouldBeGreaterThan(200);

        // Instants come back as UTC from either form, as the model's converter reads them.
        static string Describe(TicketRow r) => $"{r} {r.SlaDueAt?.Kind} {r.CreatedAt.Kind}";
    }

    [Fact]
    public async Task The_list_exports_what_its_filter_shows_saves_views_and_refers_closes_or_deletes_many_tickets_at_once()
    {
        Clock.UtcNow = WorkflowAppFixture.SaturdayMorning;
        var (first, second) = (await fixture.Base.NewTeamAsync(), await fixture.Base.NewTeamAsync());
        var (agent, agentId) = await SignedInWithIdAsync(CrmRoles.SupportAgent, first);
        var tag = Unique("bulk");
        var ours = new List<Ticket>();
        for (var i = 0; i < 3; i++)
        {
            var saved = await SendAsync(new SaveTicket(new TicketInput { Subject = $"{tag} {i}", Customer = new RecordRef(RecordTypes.Contact, await ContactAsync(agentId)).ToString(), OwnerId = agentId }));
            ours.Add(await TicketAsync(saved.Id));
        }

        var otherAgent = await AgentAsync(second);
        var theirs = await TicketAsync((await SendAsync(new SaveTicket(new TicketInput
        {
            Subject = $"{tag} x", Customer = new RecordRef(RecordTypes.Contact, await ContactAsync(otherAgent)).ToString(), OwnerId = otherAgent,
        }))).Id);

        // Export: the filter's rows the agent can see, not another team's.
        var excel = await XlsxText(await agent.GetAsync($"/Tickets/Tickets/Export?Q={tag}&culture=en-US&ui-culture=en-US"));
        ours.ShouldAllBe(t => excel.Contains(t.Number));
        excel.ShouldNotContain(theirs.Number);
        excel.ShouldContain("Normal");
        var rep = await SignedInAsync(CrmRoles.SalesRep, first);
        (await rep.GetAsync($"/Tickets/Tickets/Export?Q={tag}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await rep.PostForm("/", "/Tickets/Tickets/Bulk", ("ids", ours[0].Id.ToString()), ("operation", "delete"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // A saved view keeps the filters, not the page the list was on.
        (await agent.PostForm("/Tickets/Tickets", "/SavedViews/Save", ("listKey", "tickets"), ("name", "صف " + tag), ("query", $"?Q={tag}&Scope=all&after=abc"),
            ("returnUrl", "/Tickets/Tickets"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var list = WebUtility.HtmlDecode(await agent.GetStringAsync("/Tickets/Tickets"));
        list.ShouldContain("صف " + tag);
        list.ShouldContain($"/Tickets/Tickets?Q={tag}&Scope=all\"");

        // Referred together to the second team's queue, with the other team's ticket slipped in and left alone.
        var listUrl = $"/Tickets/Tickets?Q={tag}";
        var referred = await agent.PostForm(listUrl, "/Tickets/Tickets/Bulk", ("ids", ours[0].Id.ToString()), ("ids", ours[1].Id.ToString()), ("ids", theirs.Id.ToString()),
            ("operation", "refer"), ("referTo", $"team:{second}"), ("returnQuery", $"?Q={tag}"));
        referred.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        referred.Headers.Location!.ToString().ShouldBe($"/Tickets/Tickets?Q={tag}");
        foreach (var ticket in ours.Take(2))
        {
            var now = await TicketAsync(ticket.Id);
            (now.OwnerId, now.TeamId).ShouldBe((null, second));
            (await QueryAsync(db => db.Set<TicketEntry>().CountAsync(e => e.TicketId == ticket.Id && e.Kind == TicketEntryKind.Referral && e.FromOwnerId == agentId))).ShouldBe(1);
        }

        (await TicketAsync(theirs.Id)).TeamId.ShouldBe(second);
        (await QueryAsync(db => db.Set<TicketEntry>().CountAsync(e => e.TicketId == theirs.Id && e.Kind == TicketEntryKind.Referral))).ShouldBe(0);

        // Closed, and an unknown status refused with nothing changed.
        (await agent.PostForm(listUrl, "/Tickets/Tickets/Bulk", ("ids", ours[2].Id.ToString()), ("operation", "status"), ("status", "Postponed"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await TicketAsync(ours[2].Id)).Status.ShouldBe(ours[2].Status);
        (await agent.PostForm(listUrl, "/Tickets/Tickets/Bulk", ("ids", ours[2].Id.ToString()), ("operation", "status"), ("status", "Closed"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var closed = await TicketAsync(ours[2].Id);
        (closed.Status, closed.ClosedAt).ShouldBe((TicketStatus.Closed, WorkflowAppFixture.SaturdayMorning));

        // Deleted together, shown among the deleted, and restored one by one.
        (await agent.PostForm(listUrl + "&Scope=all", "/Tickets/Tickets/Bulk", ("ids", ours[2].Id.ToString()), ("ids", theirs.Id.ToString()), ("operation", "delete")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await QueryAsync(db => db.Set<Ticket>().IgnoreQueryFilters().Where(t => t.Id == ours[2].Id || t.Id == theirs.Id).Select(t => t.IsDeleted).ToListAsync()))
            .ShouldBe([true, false], ignoreOrder: true);
        (await agent.GetStringAsync($"/Tickets/Tickets?Deleted=true&Scope=all&Q={tag}")).ShouldContain(closed.Number);
        (await agent.PostForm($"/Tickets/Tickets/Details/{closed.Id}", $"/Tickets/Tickets/Restore/{closed.Id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await TicketAsync(closed.Id)).IsDeleted.ShouldBeFalse();
    }

    private async Task<Crm.Modules.Tickets.Contracts.ServiceFigures> QueryFiguresAsync(Guid userId, Guid team)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var handler = ActivatorUtilities.CreateInstance<ServiceFiguresHandler>(scope.ServiceProvider, (ICurrentUser)new Viewer(userId, team, false));
        return await handler.Handle(new Crm.Modules.Tickets.Contracts.GetServiceFigures(WorkflowAppFixture.SaturdayMorning.AddHours(-6), WorkflowAppFixture.SaturdayMorning.AddHours(18)), CancellationToken.None);
    }

    private async Task<HttpClient> SignedInAsync(string role, Guid team) => (await SignedInWithIdAsync(role, team)).Client;

    private Task<(HttpClient Client, Guid Id)> SignedInWithIdAsync(string role, Guid team) => fixture.SignedInWithIdAsync(role, team);
}

public sealed class SqliteTicketsTests(SqliteTicketsFixture fixture) : TicketsTests<SqliteTicketsFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresTicketsTests(PostgresTicketsFixture fixture) : TicketsTests<PostgresTicketsFixture>(fixture);
