using System.Net;
using Crm.Modules.Campaigns.Domain;
using Crm.Modules.Campaigns.Features;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Crm.IntegrationTests.HttpForms;
using static Crm.IntegrationTests.TestSupport;

namespace Crm.IntegrationTests;

/// <summary>
/// An SMS campaign's send on each provider, with a clock the test moves: nothing before the plan is approved, nothing in
/// the quiet hours, a pause that holds, and every recipient queued exactly once while two instances send at once and a
/// third takes over.
/// </summary>
public abstract class CampaignSendTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : WorkflowAppFixture
{
    private const int Audience = 1_000;

    [Fact]
    public async Task An_approved_sms_campaign_reaches_each_recipient_exactly_once_outside_the_quiet_hours_across_instances_and_a_pause()
    {
        var team = await fixture.Base.NewTeamAsync();
        var (writer, _) = await fixture.SignedInWithIdAsync(CrmRoles.Marketer, team);
        var (manager, _) = await fixture.SignedInWithIdAsync(CrmRoles.SalesManager, team);
        var (rep, _) = await fixture.SignedInWithIdAsync(CrmRoles.SalesRep, team);
        var city = Unique("شهر");
        var token = Unique("یلدا");
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            // Numbers in a row from a random start: a thousand random numbers would share one now and then.
            var first = Random.Shared.Next(1_000_000, 8_000_000);
            for (var i = 0; i < Audience; i++)
            {
                await mediator.Send(new CreateContact("مشتری", "شمارهٔ " + i, "0912" + (first + i), null, null, city, CustomerSource.Instagram, null, null, null, null));
            }

            await mediator.Send(new CreateContact("تلفن", "ثابت", "021" + Random.Shared.Next(10000000, 99999999), null, null, city, CustomerSource.Instagram, null, null, null, null));
            var refusing = "0935" + Random.Shared.Next(1000000, 9999999);
            await mediator.Send(new CreateContact("بی", "علاقه", refusing, null, null, city, CustomerSource.Instagram, null, null, null, null));
            await mediator.Send(new SetMarketingConsent(MessageChannel.Sms, refusing, false, "staff"));
        }

        var plan = IdFrom(await writer.PostForm("/Campaigns/Plans/Create", "/Campaigns/Plans/Create",
            ("Name", "یلدا"), ("StartDate", "1405/09/14"), ("EndDate", "1405/10/14"), ("Budget", "100000000")));
        var page = $"/Campaigns/Plans/Details/{plan}";
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "پیامک یلدا"), ("Type", "Sms"), ("Budget", "50000000"),
            ("AudienceCity", city), ("Message", token + " {{Contact.Name}} عزیز، شب یلدا مبارک"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var campaign = await fixture.Base.QueryAsync(db => db.Set<Campaign>().AsNoTracking().SingleAsync(c => c.PlanId == plan));

        // Nothing is sent before the plan is approved.
        await writer.PostForm(page, $"/Campaigns/Plans/StartSend/{campaign.Id}", ("version", campaign.Version.ToString()));
        (await StateAsync(campaign.Id)).ShouldBe(SendState.NotStarted);
        await writer.PostForm(page, $"/Campaigns/Plans/Submit/{plan}", ("version", await PlanVersionAsync(plan)));
        await manager.PostForm(page, $"/Campaigns/Plans/Decide/{plan}", ("version", await PlanVersionAsync(plan)), ("approve", "true"));
        (await fixture.Base.QueryAsync(db => db.Set<MarketingPlan>().SingleAsync(p => p.Id == plan))).Status.ShouldBe(PlanStatus.Approved);

        // A sales rep may not send it; the marketer does.
        var repToken = await rep.TokenFrom("/Contacts/Contacts");
        (await rep.PostAsync($"/Campaigns/Plans/StartSend/{campaign.Id}", new FormUrlEncodedContent(
            [KeyValuePair.Create("version", campaign.Version.ToString()), KeyValuePair.Create("__RequestVerificationToken", repToken)]))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await writer.PostForm(page, $"/Campaigns/Plans/StartSend/{campaign.Id}", ("version", await CampaignVersionAsync(campaign.Id)))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await StateAsync(campaign.Id)).ShouldBe(SendState.Sending);
        (await fixture.Base.QueryAsync(db => db.Set<MarketingPlan>().SingleAsync(p => p.Id == plan))).Status.ShouldBe(PlanStatus.Running);

        // 23:00 in Tehran: the quiet hours; nothing is read or queued.
        fixture.Clock.UtcNow = WorkflowAppFixture.SaturdayMorning.Date.AddHours(19.5);
        var small = Instance();
        (await RunAsync(small)).ShouldBe(0);
        (await SentAsync(token)).ShouldBe(0);

        // The next morning: the audience is read (the landline and the refusal left out), then batches go out, 300 a run.
        fixture.Clock.UtcNow = WorkflowAppFixture.SaturdayMorning.AddDays(1);
        (await RunAsync(small)).ShouldBe(300);
        var progress = await fixture.Base.QueryAsync(db => db.Set<Campaign>().AsNoTracking().SingleAsync(c => c.Id == campaign.Id));
        (progress.Recipients, progress.Skipped, progress.Queued, progress.AudienceRead).ShouldBe((Audience, 2, 300, true));

        // Paused, nothing more goes; resumed, it goes on.
        await writer.PostForm(page, $"/Campaigns/Plans/ChangeSend/{campaign.Id}", ("version", await CampaignVersionAsync(campaign.Id)), ("to", "Paused"));
        (await RunAsync(small)).ShouldBe(0);
        await writer.PostForm(page, $"/Campaigns/Plans/ChangeSend/{campaign.Id}", ("version", await CampaignVersionAsync(campaign.Id)), ("to", "Sending"));

        // Two instances send at once, then a third (a restart) finishes: every recipient exactly once.
        var other = Instance();
        var both = await Task.WhenAll(RunAsync(small), RunAsync(other));
        both.Sum().ShouldBeLessThanOrEqualTo(600);
        var restarted = Instance(perRun: 10_000);
        await RunAsync(restarted);
        (await RunAsync(restarted)).ShouldBe(0);

        var done = await fixture.Base.QueryAsync(db => db.Set<Campaign>().AsNoTracking().SingleAsync(c => c.Id == campaign.Id));
        (done.SendState, done.Queued, done.Recipients).ShouldBe((SendState.Sent, Audience, Audience));
        (await SentAsync(token)).ShouldBe(Audience);
        var perAddress = await fixture.Base.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Body.StartsWith(token))
            .GroupBy(m => m.ToKey).Select(g => g.Count()).Where(n => n > 1).CountAsync());
        perAddress.ShouldBe(0, "no one gets it twice");
        var sample = await fixture.Base.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking().FirstAsync(m => m.Body.StartsWith(token)));
        (sample.Category, sample.Channel, sample.RecipientType).ShouldBe((MessageCategory.Marketing, MessageChannel.Sms, "Contact"));
        sample.Body.ShouldContain("مشتری شماره ");
        sample.Body.ShouldContain("لغو۱۱", customMessage: "marketing SMS carry the opt-out word");
        sample.Body.ShouldNotContain("{{Contact.Name}}");
        (await manager.GetStringAsync(page)).ShouldContain("data-state=\"Sent\"");
    }

    [Fact]
    public async Task An_ab_test_sends_a_share_half_a_and_half_b_waits_then_sends_the_rest_the_variant_more_people_clicked()
    {
        var team = await fixture.Base.NewTeamAsync();
        var (writer, _) = await fixture.SignedInWithIdAsync(CrmRoles.Marketer, team);
        var (manager, _) = await fixture.SignedInWithIdAsync(CrmRoles.SalesManager, team);
        var city = Unique("شهر");
        var (tokenA, tokenB) = (Unique("الف"), Unique("ب"));
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            for (var i = 0; i < 200; i++)
            {
                await mediator.Send(new CreateContact("مشتری", "آزمون " + i, "0912" + Random.Shared.Next(1000000, 9999999), null, null, city, CustomerSource.Website, null, null, null, null));
            }
        }

        var plan = IdFrom(await writer.PostForm("/Campaigns/Plans/Create", "/Campaigns/Plans/Create",
            ("Name", "آزمون"), ("StartDate", "1405/09/14"), ("EndDate", "1405/10/14"), ("Budget", "1000000")));
        var page = $"/Campaigns/Plans/Details/{plan}";
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "دو نسخه"), ("Type", "Sms"), ("AudienceCity", city),
            ("Message", tokenA + " {{Contact.Name}}"), ("MessageB", tokenB + " {{Contact.Name}}"), ("TestPercent", "80"))).StatusCode.ShouldBe(HttpStatusCode.OK, "refused: too large a test");
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "دو نسخه"), ("Type", "Sms"), ("AudienceCity", city),
            ("Message", tokenA + " {{Contact.Name}}"), ("MessageB", tokenB + " {{Contact.Name}}"), ("TestPercent", "20"), ("WinnerAfterHours", "2"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var campaign = await fixture.Base.QueryAsync(db => db.Set<Campaign>().AsNoTracking().SingleAsync(c => c.PlanId == plan));
        await ApproveAndStartAsync(writer, manager, plan, campaign.Id);

        // The test's share goes first, split between A and B by each contact's id; the rest wait.
        fixture.Clock.UtcNow = WorkflowAppFixture.SaturdayMorning.AddDays(1);
        var host = fixture.Host(s => s.Configure<CampaignSendOptions>(o => (o.BatchSize, o.PerRun) = (25, 10_000)));
        await RunAsync(host);
        var variants = await fixture.Base.QueryAsync(db => db.Set<CampaignRecipient>().AsNoTracking().Where(r => r.CampaignId == campaign.Id)
            .GroupBy(r => r.Variant).Select(g => new { g.Key, Count = g.Count(), Queued = g.Count(r => r.QueuedAt != null) }).ToDictionaryAsync(g => g.Key));
        var (a, b, rest) = (variants[Variant.A].Count, variants[Variant.B].Count, variants[Variant.Undecided].Count);
        (a + b + rest).ShouldBe(200);
        (a + b).ShouldBeInRange(15, 70, "about a fifth");
        (variants[Variant.A].Queued, variants[Variant.B].Queued, variants[Variant.Undecided].Queued).ShouldBe((a, b, 0));
        (await SentAsync(tokenA), await SentAsync(tokenB)).ShouldBe((a, b));
        (await RunAsync(host)).ShouldBe(0, "the rest wait for the winner");
        (await manager.GetStringAsync(page)).ShouldContain("بقیه پس از");

        // B's recipients clicked more; two hours later the rest get B.
        var clickers = await fixture.Base.QueryAsync(db => db.Set<CampaignRecipient>().Where(r => r.CampaignId == campaign.Id && r.Variant == Variant.B).OrderBy(r => r.Id).Take(3).Select(r => r.Id).ToListAsync());
        await fixture.Base.QueryAsync(db => db.Set<CampaignRecipient>().Where(r => clickers.Contains(r.Id)).ExecuteUpdateAsync(u => u.SetProperty(r => r.ClickedAt, fixture.Clock.UtcNow).SetProperty(r => r.Clicks, 1)));
        fixture.Clock.UtcNow = fixture.Clock.UtcNow.AddHours(1);
        (await RunAsync(host)).ShouldBe(0, "not yet");
        fixture.Clock.UtcNow = fixture.Clock.UtcNow.AddHours(1.1);
        (await RunAsync(host)).ShouldBe(rest);
        (await SentAsync(tokenA), await SentAsync(tokenB)).ShouldBe((a, b + rest));
        var done = await fixture.Base.QueryAsync(db => db.Set<Campaign>().AsNoTracking().SingleAsync(c => c.Id == campaign.Id));
        (done.Winner, done.SendState, done.Queued).ShouldBe((Variant.B, SendState.Sent, 200));
        (await manager.GetStringAsync(page)).ShouldContain("برنده: B");
    }

    [Fact]
    public async Task A_segment_can_get_message_b_while_everyone_else_gets_a_without_a_test()
    {
        var team = await fixture.Base.NewTeamAsync();
        var (writer, _) = await fixture.SignedInWithIdAsync(CrmRoles.Marketer, team);
        var (manager, _) = await fixture.SignedInWithIdAsync(CrmRoles.SalesManager, team);
        var city = Unique("شهر");
        var (tokenA, tokenB) = (Unique("خرده"), Unique("عمده"));
        var wholesale = new List<Guid>();
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            for (var i = 0; i < 6; i++)
            {
                var id = await mediator.Send(new CreateContact("مشتری", "بخش " + i, "0912" + Random.Shared.Next(1000000, 9999999), null, null, city, CustomerSource.Website, null, null, null, null));
                if (i % 2 == 0)
                {
                    wholesale.Add(id);
                }
            }
        }

        await fixture.Base.QueryAsync(db => db.Set<Crm.Modules.Contacts.Domain.Contact>().Where(c => wholesale.Contains(c.Id)).ExecuteUpdateAsync(u => u.SetProperty(c => c.Segments, "VIP، عمده‌فروش")));
        var plan = IdFrom(await writer.PostForm("/Campaigns/Plans/Create", "/Campaigns/Plans/Create",
            ("Name", "بخش‌ها"), ("StartDate", "1405/09/14"), ("EndDate", "1405/10/14"), ("Budget", "1000000")));
        var page = $"/Campaigns/Plans/Details/{plan}";
        // A segment needs message B, and is not an A/B test as well.
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "دو متن"), ("Type", "Sms"), ("AudienceCity", city),
            ("Message", tokenA), ("SegmentB", "عمده"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "دو متن"), ("Type", "Sms"), ("AudienceCity", city),
            ("Message", tokenA), ("MessageB", tokenB), ("SegmentB", "عمده"), ("TestPercent", "20"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "دو متن"), ("Type", "Sms"), ("AudienceCity", city),
            ("Message", tokenA + " {{Contact.Name}}"), ("MessageB", tokenB + " {{Contact.Name}}"), ("SegmentB", "عمده"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var campaign = await fixture.Base.QueryAsync(db => db.Set<Campaign>().AsNoTracking().SingleAsync(c => c.PlanId == plan));
        (campaign.SegmentB, campaign.TestPercent, campaign.IsAbTest).ShouldBe(("عمده", (int?)null, false));
        await ApproveAndStartAsync(writer, manager, plan, campaign.Id);

        fixture.Clock.UtcNow = WorkflowAppFixture.SaturdayMorning.AddDays(1);
        await RunAsync(Instance());
        var variants = await fixture.Base.QueryAsync(db => db.Set<CampaignRecipient>().AsNoTracking().Where(r => r.CampaignId == campaign.Id)
            .Select(r => new { r.ContactId, r.Variant, Queued = r.QueuedAt != null }).ToListAsync());
        variants.ShouldAllBe(v => v.Queued, "no one waits for a winner");
        variants.Where(v => v.Variant == Variant.B).Select(v => v.ContactId).ShouldBe(wholesale, ignoreOrder: true);
        (await SentAsync(tokenA), await SentAsync(tokenB)).ShouldBe((3, 3));
        (await manager.GetStringAsync(page)).ShouldContain("campaign-segment-b");
    }

    [Fact]
    public async Task A_call_list_hands_one_call_per_reached_contact_to_its_callers_in_turn_once_even_when_run_again()
    {
        var team = await fixture.Base.NewTeamAsync();
        var (writer, _) = await fixture.SignedInWithIdAsync(CrmRoles.Marketer, team);
        var (manager, _) = await fixture.SignedInWithIdAsync(CrmRoles.SalesManager, team);
        var (_, first) = await fixture.SignedInWithIdAsync(CrmRoles.SalesRep, team);
        var (_, second) = await fixture.SignedInWithIdAsync(CrmRoles.SalesRep, team);
        var city = Unique("شهر");
        var people = new List<Guid>();
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            for (var i = 0; i < 5; i++)
            {
                people.Add(await mediator.Send(new CreateContact("مشتری", "تماس " + i, "0912" + Random.Shared.Next(1000000, 9999999), null, null, city, CustomerSource.Website, null, null, null, null)));
            }

            await mediator.Send(new CreateContact("بی", "شماره", null, null, null, city, CustomerSource.Website, null, null, null, null));
        }

        var plan = IdFrom(await writer.PostForm("/Campaigns/Plans/Create", "/Campaigns/Plans/Create",
            ("Name", "تماس‌ها"), ("StartDate", "1405/09/14"), ("EndDate", "1405/10/14"), ("Budget", "1000000")));
        var page = $"/Campaigns/Plans/Details/{plan}";
        // Callers are required, and only staff can be callers.
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "پیگیری"), ("Type", "CallList"), ("AudienceCity", city)))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "پیگیری"), ("Type", "CallList"), ("AudienceCity", city),
            ("Callers", Guid.NewGuid().ToString()))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "پیگیری"), ("Type", "CallList"), ("AudienceCity", city),
            ("Callers", first.ToString()), ("Callers", second.ToString()), ("Message", "سلام {{Contact.Name}}، از نمایشگاه تماس می‌گیرم"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var campaign = await fixture.Base.QueryAsync(db => db.Set<Campaign>().AsNoTracking().SingleAsync(c => c.PlanId == plan));
        await ApproveAndStartAsync(writer, manager, plan, campaign.Id);

        // Steps of two: the turn goes on from one step to the next (first, second, first, second, first).
        fixture.Clock.UtcNow = WorkflowAppFixture.SaturdayMorning.AddDays(1);
        var host = fixture.Host(s => s.Configure<CampaignSendOptions>(o => (o.BatchSize, o.PerRun) = (2, 100)));
        (await RunAsync(host)).ShouldBe(5);
        (await RunAsync(host)).ShouldBe(0, "nothing is handed out twice");
        var calls = await fixture.Base.QueryAsync(db => db.Set<Crm.Modules.Activities.Domain.Activity>().AsNoTracking()
            .Where(a => a.RecordType == "Contact" && people.Contains(a.RecordId) && a.Kind == Crm.Modules.Activities.Contracts.ActivityKind.Call).ToListAsync());
        calls.Count.ShouldBe(5);
        calls.Select(a => a.RecordId).ShouldBe(people, ignoreOrder: true);
        calls.Count(a => a.AssigneeId == first).ShouldBe(3);
        calls.Count(a => a.AssigneeId == second).ShouldBe(2);
        calls.ShouldAllBe(a => a.Subject == "پیگیری" && a.CompletedAt == null);
        calls.First().Body!.ShouldContain("سلام مشتری تماس ");
        calls.First().Body!.ShouldContain(" · 0912");
        // Each caller is told once per step, not once per call.
        var told = await fixture.Base.QueryAsync(db => db.Set<Crm.Modules.Notifications.Domain.Notification>().AsNoTracking()
            .Where(n => n.UserId == first || n.UserId == second).CountAsync());
        told.ShouldBe(5);
        (await StateAsync(campaign.Id)).ShouldBe(SendState.Sent);
    }

    /// <summary>The plan submitted by its writer, approved by the manager, and its campaign started now.</summary>
    private async Task ApproveAndStartAsync(HttpClient writer, HttpClient manager, Guid plan, Guid campaign)
    {
        var page = $"/Campaigns/Plans/Details/{plan}";
        await writer.PostForm(page, $"/Campaigns/Plans/Submit/{plan}", ("version", await PlanVersionAsync(plan)));
        await manager.PostForm(page, $"/Campaigns/Plans/Decide/{plan}", ("version", await PlanVersionAsync(plan)), ("approve", "true"));
        (await writer.PostForm(page, $"/Campaigns/Plans/StartSend/{campaign}", ("version", await CampaignVersionAsync(campaign)))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    private WebApplicationFactory<Program> Instance(int perRun = 300) =>
        fixture.Host(s => s.Configure<CampaignSendOptions>(o => (o.BatchSize, o.PerRun) = (100, perRun)));

    private static async Task<int> RunAsync(WebApplicationFactory<Program> host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CampaignSender>().RunAsync(CancellationToken.None);
    }

    private Task<int> SentAsync(string token) =>
        fixture.Base.QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.Body.StartsWith(token)));

    private Task<SendState> StateAsync(Guid campaign) =>
        fixture.Base.QueryAsync(db => db.Set<Campaign>().Where(c => c.Id == campaign).Select(c => c.SendState).SingleAsync());

    private Task<string> CampaignVersionAsync(Guid campaign) =>
        fixture.Base.QueryAsync(async db => (await db.Set<Campaign>().SingleAsync(c => c.Id == campaign)).Version.ToString());

    private Task<string> PlanVersionAsync(Guid plan) =>
        fixture.Base.QueryAsync(async db => (await db.Set<MarketingPlan>().SingleAsync(p => p.Id == plan)).Version.ToString());
}

public sealed class SqliteCampaignSendTests(SqliteWorkflowFixture fixture) : CampaignSendTests<SqliteWorkflowFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresCampaignSendTests(PostgresWorkflowFixture fixture) : CampaignSendTests<PostgresWorkflowFixture>(fixture);
