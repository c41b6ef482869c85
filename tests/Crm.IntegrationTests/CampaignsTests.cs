using System.Net;
using Crm.Modules.Campaigns.Domain;
using Crm.Modules.Campaigns.Features;
using Crm.Modules.Forms.Domain;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Contacts.Domain;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Notifications.Domain;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Messaging;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Invoicing.Domain;
using Crm.Modules.Leads.Domain;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Crm.IntegrationTests.HttpForms;
using static Crm.IntegrationTests.TestSupport;

namespace Crm.IntegrationTests;

/// <summary>
/// Marketing plans on each provider: written by a marketer, submitted to the managers, sent back with a comment and
/// approved, locked while they wait; who may do what; the checks on every field; copies, deletes and restores.
/// </summary>
public abstract class CampaignsTests(AppFixture fixture)
{
    private CrmAppFactory App => fixture.App;

    [Fact]
    public async Task A_plan_is_submitted_sent_back_with_a_comment_corrected_and_approved_and_is_locked_while_it_waits()
    {
        var team = await App.NewTeamAsync();
        var marketerName = Unique("marketer");
        var marketer = await App.CreateUserAsync(marketerName, CrmRoles.Marketer, Password, team);
        var writer = App.Browser();
        await writer.SignInOk(marketerName, Password);
        var managerName = Unique("manager");
        var manager = await App.CreateUserAsync(managerName, CrmRoles.SalesManager, Password, team);
        var approver = App.Browser();
        await approver.SignInOk(managerName, Password);

        var plan = IdFrom(await writer.PostForm("/Campaigns/Plans/Create", "/Campaigns/Plans/Create",
            ("Name", "جشنوارهٔ یلدا " + Unique("")), ("StartDate", "1405/09/20"), ("EndDate", "1405/10/10"), ("Budget", "500000000"), ("Goal", "۲۰۰ سرنخ تازه")));
        var page = $"/Campaigns/Plans/Details/{plan}";
        // Nothing to submit yet.
        await writer.PostForm(page, $"/Campaigns/Plans/Submit/{plan}", ("version", await VersionAsync(plan)));
        (await StatusAsync(plan)).ShouldBe(PlanStatus.Draft);
        (await writer.GetStringAsync(page)).ShouldContain("دست‌کم یک کمپین");

        (await writer.PostForm($"/Campaigns/Plans/Campaign?plan={plan}", "/Campaigns/Plans/Campaign",
            ("PlanId", plan.ToString()), ("Name", "پیامک تخفیف"), ("Type", "Sms"), ("Budget", "120000000"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await writer.PostForm($"/Campaigns/Plans/Campaign?plan={plan}", "/Campaigns/Plans/Campaign",
            ("PlanId", plan.ToString()), ("Name", "نمایشگاه"), ("Type", "Event"), ("Budget", "300000000"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await writer.PostForm(page, $"/Campaigns/Plans/Submit/{plan}", ("version", await VersionAsync(plan)))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await StatusAsync(plan)).ShouldBe(PlanStatus.Submitted);
        (await App.QueryAsync(db => db.Set<Notification>().CountAsync(n => n.UserId == manager.Id && n.Url == page))).ShouldBe(1, "the team's manager is asked");
        (await App.QueryAsync(db => db.Set<Notification>().CountAsync(n => n.UserId == marketer.Id && n.Url == page))).ShouldBe(0, "not the one who submitted it");

        // Locked while it waits: no edits, no new campaigns, no second submission.
        var locked = await writer.PostForm($"/Campaigns/Plans/Edit/{plan}", $"/Campaigns/Plans/Edit/{plan}",
            ("Version", await VersionAsync(plan)), ("Name", "دیگر"), ("StartDate", "1405/09/20"), ("EndDate", "1405/10/10"));
        locked.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await locked.Content.ReadAsStringAsync()).ShouldContain("دیگر تغییر نمی‌کند");
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "x"), ("Type", "Sms"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.QueryAsync(db => db.Set<Campaign>().CountAsync(c => c.PlanId == plan))).ShouldBe(2);

        // Sent back: a comment is required, then the writer sees it.
        (await approver.GetStringAsync("/Campaigns/Plans")).ShouldContain("plans-waiting");
        await approver.PostForm(page, $"/Campaigns/Plans/Decide/{plan}", ("version", await VersionAsync(plan)), ("approve", "false"), ("comment", ""));
        (await StatusAsync(plan)).ShouldBe(PlanStatus.Submitted);
        await approver.PostForm(page, $"/Campaigns/Plans/Decide/{plan}", ("version", await VersionAsync(plan)), ("approve", "false"), ("comment", "بودجهٔ نمایشگاه را کم کنید"));
        (await StatusAsync(plan)).ShouldBe(PlanStatus.SentBack);
        var sentBack = await writer.GetStringAsync(page);
        sentBack.ShouldContain("plan-sent-back");
        sentBack.ShouldContain("بودجهٔ نمایشگاه را کم کنید");
        (await App.QueryAsync(db => db.Set<Notification>().CountAsync(n => n.UserId == marketer.Id && n.Url == page))).ShouldBe(1);

        // Corrected and submitted again, then approved; its history tells the story in order.
        var fair = await App.QueryAsync(db => db.Set<Campaign>().SingleAsync(c => c.PlanId == plan && c.Type == CampaignType.Event));
        (await writer.PostForm($"/Campaigns/Plans/Campaign?plan={plan}&id={fair.Id}", "/Campaigns/Plans/Campaign",
            ("Id", fair.Id.ToString()), ("PlanId", plan.ToString()), ("Version", fair.Version.ToString()), ("Name", "نمایشگاه"), ("Type", "Event"), ("Budget", "200000000")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await writer.PostForm(page, $"/Campaigns/Plans/Submit/{plan}", ("version", await VersionAsync(plan)));
        await approver.PostForm(page, $"/Campaigns/Plans/Decide/{plan}", ("version", await VersionAsync(plan)), ("approve", "true"), ("comment", ""));
        (await StatusAsync(plan)).ShouldBe(PlanStatus.Approved);
        var steps = await App.QueryAsync(db => db.Set<PlanHistoryEntry>().Where(h => h.PlanId == plan).OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => h.Step).ToListAsync());
        steps.ShouldBe([PlanStep.Submitted, PlanStep.SentBack, PlanStep.Submitted, PlanStep.Approved]);
        (await App.QueryAsync(db => db.Set<Campaign>().Where(c => c.PlanId == plan).SumAsync(c => c.Budget))).ShouldBe(320_000_000);

        // A decision on a plan that no longer waits changes nothing.
        await approver.PostForm(page, $"/Campaigns/Plans/Decide/{plan}", ("version", await VersionAsync(plan)), ("approve", "false"), ("comment", "دیر"));
        (await StatusAsync(plan)).ShouldBe(PlanStatus.Approved);
        (await writer.PostForm(page, $"/Campaigns/Plans/Complete/{plan}", ("version", await VersionAsync(plan)))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await StatusAsync(plan)).ShouldBe(PlanStatus.Completed);
    }

    [Fact]
    public async Task A_sales_rep_gets_403_a_marketer_cannot_approve_another_team_does_not_see_the_plan_and_nobody_approves_their_own()
    {
        var team = await App.NewTeamAsync();
        var writer = await App.SignedInAsync(CrmRoles.Marketer, team);
        var plan = await SubmittedPlanAsync(writer);
        var page = $"/Campaigns/Plans/Details/{plan}";
        var version = await VersionAsync(plan);

        var rep = await App.SignedInAsync(CrmRoles.SalesRep, team);
        (await rep.GetAsync("/Campaigns/Plans")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await rep.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var repToken = await rep.TokenFrom("/Contacts/Contacts");
        (await rep.PostAsync($"/Campaigns/Plans/Decide/{plan}", Form(repToken, ("version", version), ("approve", "true")))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await rep.PostAsync($"/Campaigns/Plans/Submit/{plan}", Form(repToken, ("version", version)))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await writer.PostForm(page, $"/Campaigns/Plans/Decide/{plan}", ("version", version), ("approve", "true"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await writer.GetStringAsync(page)).ShouldNotContain("decide-form");

        var stranger = await App.SignedInAsync(CrmRoles.Marketer, await App.NewTeamAsync());
        (await stranger.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetStringAsync("/Campaigns/Plans")).ShouldNotContain($"/Campaigns/Plans/Details/{plan}");

        // A manager who submitted a plan does not approve it too.
        var managerName = Unique("manager");
        await App.CreateUserAsync(managerName, CrmRoles.SalesManager, Password, team);
        var manager = App.Browser();
        await manager.SignInOk(managerName, Password);
        var own = await SubmittedPlanAsync(manager);
        (await manager.GetStringAsync($"/Campaigns/Plans/Details/{own}")).ShouldNotContain("decide-form");
        await manager.PostForm($"/Campaigns/Plans/Details/{own}", $"/Campaigns/Plans/Decide/{own}", ("version", await VersionAsync(own)), ("approve", "true"));
        (await StatusAsync(own)).ShouldBe(PlanStatus.Submitted);
        await manager.PostForm(page, $"/Campaigns/Plans/Decide/{plan}", ("version", version), ("approve", "true"));
        (await StatusAsync(plan)).ShouldBe(PlanStatus.Approved, "another's plan it does approve");
    }

    [Fact]
    public async Task Every_field_is_checked_without_echoing_it_an_over_budget_plan_is_not_submitted_and_a_stale_page_does_not_overwrite()
    {
        var writer = await App.SignedInAsync(CrmRoles.Marketer, await App.NewTeamAsync());
        var longName = new string('ن', 201);
        var refused = await writer.PostForm("/Campaigns/Plans/Create", "/Campaigns/Plans/Create",
            ("Name", longName), ("StartDate", "1405/10/10"), ("EndDate", "1405/09/20"), ("Budget", "-5"));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await refused.Content.ReadAsStringAsync();
        html.ShouldContain("حداکثر ۲۰۰ نویسه");
        html.ShouldContain("پایان باید");
        html.ShouldContain("مبلغ را با رقم");
        html.Split(longName).Length.ShouldBe(2, "the refused name stays in its field for correcting, and in no message");
        var badDate = await writer.PostForm("/Campaigns/Plans/Create", "/Campaigns/Plans/Create", ("Name", "x"), ("StartDate", "فردا"), ("EndDate", "1405/09/20"));
        (await badDate.Content.ReadAsStringAsync()).ShouldContain("۱۴۰۵/۰۹/۱۵");
        (await writer.PostForm("/Campaigns/Plans/Create", "/Campaigns/Plans/Create", ("Name", "x"), ("StartDate", "1405/01/01"), ("EndDate", "1409/01/01")))
            .StatusCode.ShouldBe(HttpStatusCode.OK, "a plan runs for at most three years");

        var plan = IdFrom(await writer.PostForm("/Campaigns/Plans/Create", "/Campaigns/Plans/Create",
            ("Name", "بهار"), ("StartDate", "1406/01/01"), ("EndDate", "1406/02/31"), ("Budget", "100000000")));
        var page = $"/Campaigns/Plans/Details/{plan}";
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "ایمیل"), ("Type", "Email"), ("Budget", "999999999999999")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "بیش از حد"), ("Type", "Email"), ("Budget", "9999999999999999")))
            .StatusCode.ShouldBe(HttpStatusCode.OK, "above the largest amount");
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "نوع ناشناخته"), ("Type", "42")))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await writer.PostForm(page, $"/Campaigns/Plans/Submit/{plan}", ("version", await VersionAsync(plan)));
        (await StatusAsync(plan)).ShouldBe(PlanStatus.Draft);
        (await writer.GetStringAsync(page)).ShouldContain("از بودجهٔ برنامه");

        // Two people had the form open: the second save is refused, the first one's change stays.
        var stale = await VersionAsync(plan);
        IdFrom(await writer.PostForm($"/Campaigns/Plans/Edit/{plan}", $"/Campaigns/Plans/Edit/{plan}",
            ("Version", stale), ("Name", "بهار ۱۴۰۶"), ("StartDate", "1406/01/01"), ("EndDate", "1406/02/31"), ("Budget", "999999999999999")));
        var second = await writer.PostForm($"/Campaigns/Plans/Edit/{plan}", $"/Campaigns/Plans/Edit/{plan}",
            ("Version", stale), ("Name", "تابستان"), ("StartDate", "1406/04/01"), ("EndDate", "1406/05/31"));
        (await second.Content.ReadAsStringAsync()).ShouldContain("کس دیگری");
        (await App.QueryAsync(db => db.Set<MarketingPlan>().SingleAsync(p => p.Id == plan))).Name.ShouldBe("بهار 1406", "digits are stored as typed in Latin form");
    }

    [Fact]
    public async Task A_plan_is_copied_as_a_new_draft_and_a_deleted_plan_or_campaign_comes_back()
    {
        var team = await App.NewTeamAsync();
        var writer = await App.SignedInAsync(CrmRoles.Marketer, team);
        var plan = await SubmittedPlanAsync(writer);
        var page = $"/Campaigns/Plans/Details/{plan}";

        var copy = await writer.PostForm(page, $"/Campaigns/Plans/Copy/{plan}");
        var copyId = Guid.Parse(copy.Headers.Location!.ToString().Split('/').Last());
        var copied = await App.QueryAsync(db => db.Set<MarketingPlan>().SingleAsync(p => p.Id == copyId));
        (copied.Status, copied.Budget).ShouldBe((PlanStatus.Draft, 200_000_000L));
        (await App.QueryAsync(db => db.Set<Campaign>().CountAsync(c => c.PlanId == copyId))).ShouldBe(1);
        (await App.QueryAsync(db => db.Set<PlanHistoryEntry>().CountAsync(h => h.PlanId == copyId))).ShouldBe(0);

        // A campaign of the draft is removed with an undo, and restored.
        var campaign = await App.QueryAsync(db => db.Set<Campaign>().SingleAsync(c => c.PlanId == copyId));
        var copyPage = $"/Campaigns/Plans/Details/{copyId}";
        (await writer.PostForm(copyPage, $"/Campaigns/Plans/RemoveCampaign/{campaign.Id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.QueryAsync(db => db.Set<Campaign>().CountAsync(c => c.PlanId == copyId))).ShouldBe(0);
        (await writer.PostForm(copyPage, $"/Campaigns/Plans/RestoreCampaign/{campaign.Id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.QueryAsync(db => db.Set<Campaign>().CountAsync(c => c.PlanId == copyId))).ShouldBe(1);
        // The submitted plan's campaigns stay as they were.
        var locked = await App.QueryAsync(db => db.Set<Campaign>().SingleAsync(c => c.PlanId == plan));
        await writer.PostForm(page, $"/Campaigns/Plans/RemoveCampaign/{locked.Id}");
        (await App.QueryAsync(db => db.Set<Campaign>().CountAsync(c => c.PlanId == plan))).ShouldBe(1);

        (await writer.PostForm(copyPage, $"/Campaigns/Plans/Delete/{copyId}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var afterDelete = await writer.GetStringAsync("/Campaigns/Plans");
        afterDelete.ShouldNotContain($"/Campaigns/Plans/Details/{copyId}");
        afterDelete.ShouldContain($"/Campaigns/Plans/Restore/{copyId}", customMessage: "with an undo");
        (await writer.GetStringAsync(copyPage)).ShouldContain("restore-plan");
        (await writer.PostForm(copyPage, $"/Campaigns/Plans/Restore/{copyId}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await writer.GetStringAsync("/Campaigns/Plans")).ShouldContain($"/Campaigns/Plans/Details/{copyId}");
    }

    [Fact]
    public async Task A_campaign_s_audience_is_counted_from_the_contacts_as_they_are_now_without_those_who_cannot_or_will_not_receive_it()
    {
        var writer = await App.SignedInAsync(CrmRoles.Marketer, await App.NewTeamAsync());
        var city = Unique("شهر");
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            Task<Guid> Contact(string? phone, string? email, CustomerSource source, string? where = null) =>
                mediator.Send(new CreateContact("سارا", Unique("ک"), phone, email, null, where ?? city, source, null, null, null, null)).AsTask();
            await Contact(Mobile(), "a@customer.example", CustomerSource.Instagram);
            await Contact(Mobile(), null, CustomerSource.Instagram);
            await Contact("021" + Random.Shared.Next(10000000, 99999999), "b@customer.example", CustomerSource.Instagram);
            await Contact(null, null, CustomerSource.Instagram);
            var refusing = Mobile();
            await Contact(refusing, null, CustomerSource.Instagram);
            await mediator.Send(new SetMarketingConsent(MessageChannel.Sms, refusing, false, "staff"));
            await Contact(Mobile(), null, CustomerSource.Website);
            await Contact(Mobile(), null, CustomerSource.Instagram, where: Unique("دیگر"));
            var rated = await Contact(Mobile(), null, CustomerSource.Instagram);
            var db = scope.ServiceProvider.GetRequiredService<Crm.Infrastructure.Persistence.CrmDbContext>();
            await db.Set<Contact>().Where(c => c.Id == rated).ExecuteUpdateAsync(u => u.SetProperty(c => c.Rating, 5));
        }

        var plan = IdFrom(await writer.PostForm("/Campaigns/Plans/Create", "/Campaigns/Plans/Create",
            ("Name", "اینستاگرام"), ("StartDate", "1405/10/01"), ("EndDate", "1405/10/30"), ("Budget", "10000000")));
        var page = $"/Campaigns/Plans/Details/{plan}";
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "پیامک"), ("Type", "Sms"),
            ("AudienceSource", "Instagram"), ("AudienceCity", city))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "ایمیل"), ("Type", "Email"),
            ("AudienceSource", "Instagram"), ("AudienceCity", city))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "ستاره‌ها"), ("Type", "Sms"),
            ("AudienceCity", city), ("AudienceMinRating", "5"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "نادرست"), ("Type", "Sms"),
            ("AudienceSource", "Billboard"), ("AudienceMinRating", "9"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var campaigns = await App.QueryAsync(db => db.Set<Campaign>().AsNoTracking().Where(c => c.PlanId == plan).ToDictionaryAsync(c => c.Name));
        async Task<AudienceCount> CountAsync(string name)
        {
            await using var scope = App.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<CampaignAudience>().CountAsync(campaigns[name], CancellationToken.None);
        }

        // Six Instagram contacts in the city: a landline and no phone cannot get an SMS, one refused it; three are reached.
        (await CountAsync("پیامک")).ShouldBe(new AudienceCount(6, 2, 1, 0, false));
        (await CountAsync("پیامک")).Reached.ShouldBe(3);
        // By email: only the two with an address.
        (await CountAsync("ایمیل")).ShouldBe(new AudienceCount(6, 4, 0, 0, false));
        (await CountAsync("ستاره‌ها")).ShouldBe(new AudienceCount(1, 0, 0, 0, false));

        var shown = await writer.GetStringAsync($"/Campaigns/Plans/Audience/{campaigns["پیامک"].Id}");
        shown.ShouldContain("id=\"audience-reached\">۳<");
        // Evaluated when asked: a new contact counts at once.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CreateContact("نیما", Unique("ک"), Mobile(), null, null, city, CustomerSource.Instagram, null, null, null, null));
        }

        (await CountAsync("پیامک")).Reached.ShouldBe(4);

        // Exclusions, in another city: one contact waits on an open ticket, one bought ten days ago, one a hundred days
        // ago, one never (and one's ticket is closed). Leaving out open tickets and purchases within 30 days reaches two.
        var town = Unique("بندر");
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            var db = scope.ServiceProvider.GetRequiredService<Crm.Infrastructure.Persistence.CrmDbContext>();
            var people = new List<Guid>();
            for (var i = 0; i < 4; i++)
            {
                people.Add(await mediator.Send(new CreateContact("آرش", Unique("ک"), Mobile(), null, null, town, CustomerSource.Instagram, null, null, null, null)));
            }

            var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(3.5));
            db.Add(new Crm.Modules.Tickets.Domain.Ticket { Number = Unique("T"), Subject = "خرابی", ContactId = people[0], CustomerName = "آرش", Status = Crm.Modules.Tickets.Domain.TicketStatus.InProgress });
            db.Add(new Crm.Modules.Tickets.Domain.Ticket { Number = Unique("T"), Subject = "قدیمی", ContactId = people[3], CustomerName = "آرش", Status = Crm.Modules.Tickets.Domain.TicketStatus.Closed });
            foreach (var (buyer, daysAgo) in new[] { (people[1], 10), (people[2], 100) })
            {
                var invoice = new Invoice { CustomerName = "آرش", ContactId = buyer, IssueDate = today.AddDays(-daysAgo), DueDate = today };
                invoice.Lines.Add(new InvoiceLine { InvoiceId = invoice.Id, Description = "کالا", Quantity = 1, UnitPrice = 1_000_000 });
                invoice.Recompute();
                invoice.Issue(Unique("INV"), 1405, DateTime.UtcNow, null);
                db.Add(invoice);
            }

            await db.SaveChangesAsync();
        }

        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "بی‌مزاحمت"), ("Type", "Sms"), ("AudienceCity", town),
            ("ExcludeOpenTickets", "true"), ("ExcludeBoughtWithinDays", "30"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "روزها"), ("Type", "Sms"), ("ExcludeBoughtWithinDays", "99999")))
            .StatusCode.ShouldBe(HttpStatusCode.OK, "refused: days out of range");
        campaigns = await App.QueryAsync(db => db.Set<Campaign>().AsNoTracking().Where(c => c.PlanId == plan).ToDictionaryAsync(c => c.Name));
        (await CountAsync("بی‌مزاحمت")).ShouldBe(new AudienceCount(4, 0, 0, 2, false));
        (await writer.GetStringAsync($"/Campaigns/Plans/Audience/{campaigns["بی‌مزاحمت"].Id}")).ShouldContain("id=\"audience-excluded\">۲<");
        var stranger = await App.SignedInAsync(CrmRoles.Marketer, await App.NewTeamAsync());
        (await stranger.GetAsync($"/Campaigns/Plans/Audience/{campaigns["پیامک"].Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_static_list_is_filled_from_the_contact_list_and_a_file_and_a_campaign_reaches_it_without_another_list_s_members()
    {
        var writer = await App.SignedInAsync(CrmRoles.Marketer, await App.NewTeamAsync());
        var mobiles = Enumerable.Range(0, 5).Select(_ => Mobile()).ToList();
        var email = Unique("list") + "@customer.example";
        var people = new List<Guid>();
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            foreach (var mobile in mobiles)
            {
                people.Add(await mediator.Send(new CreateContact("مینا", Unique("ک"), mobile, null, null, null, CustomerSource.Website, null, null, null, null)));
            }

            people.Add(await mediator.Send(new CreateContact("مینا", Unique("ک"), null, email, null, null, CustomerSource.Website, null, null, null, null)));
        }

        var list = IdFrom(await writer.PostForm("/Campaigns/Lists", "/Campaigns/Lists/Create", ("name", "مشتریان نمایشگاه")));
        var others = IdFrom(await writer.PostForm("/Campaigns/Lists", "/Campaigns/Lists/Create", ("name", "همکاران")));
        (await writer.PostForm("/Campaigns/Lists", "/Campaigns/Lists/Create", ("name", new string('x', 300)))).Headers.Location!.ToString().ShouldBe("/Campaigns/Lists");
        Task<List<Guid>> MembersAsync(Guid id) => App.QueryAsync(db => db.Set<TargetListMember>().Where(m => m.ListId == id).Select(m => m.ContactId).ToListAsync());
        Task<int> CountedAsync(Guid id) => App.QueryAsync(db => db.Set<TargetList>().IgnoreQueryFilters().Where(t => t.Id == id).Select(t => t.Members).SingleAsync());

        // The contact list offers its checked rows to a list; an id that is no contact is passed over, and the
        // contact list comes back as it was filtered.
        (await writer.GetStringAsync("/Contacts/Contacts")).ShouldContain("id=\"bulk-add-to-list\"");
        var added = await writer.PostForm("/Contacts/Contacts", "/Campaigns/Lists/AddContacts", ("listId", list.ToString()), ("ids", people[0].ToString()),
            ("ids", people[1].ToString()), ("ids", Guid.NewGuid().ToString()), ("returnQuery", "?q=مینا"), ("operation", "assign"));
        added.Headers.Location!.OriginalString.ShouldBe("/Contacts/Contacts?q=مینا");
        (await MembersAsync(list)).ShouldBe([people[0], people[1]], ignoreOrder: true);
        (await writer.PostForm("/Contacts/Contacts", "/Campaigns/Lists/AddContacts", ("listId", list.ToString()), ("ids", people[0].ToString()), ("returnQuery", "//evil.example")))
            .Headers.Location!.OriginalString.ShouldBe("/Contacts/Contacts");

        // Pasted lines: two new contacts, one already there, one address nobody has, one line that is no address.
        var details = $"/Campaigns/Lists/Details/{list}";
        (await writer.PostForm(details, $"/Campaigns/Lists/Import/{list}", ("text", $"{mobiles[2]}\r\n{mobiles[1]}\n{email.ToUpperInvariant()}\n09120000000\n<b>hello</b>\n\n")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await MembersAsync(list)).Count.ShouldBe(4);
        var page = await writer.GetStringAsync(details);
        page.ShouldContain("۲ نفر افزوده شد؛ ۱ نفر از قبل در فهرست بودند؛ ۱ مورد در مخاطبان پیدا نشد؛ ۱ سطر موبایل یا ایمیل نبود.");
        page.ShouldNotContain("<b>hello</b>");

        // A .csv file: its header is no address, its first column is read.
        using (var form = new MultipartFormDataContent())
        {
            form.Add(new StringContent(await writer.TokenFrom(details)), "__RequestVerificationToken");
            form.Add(new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes($"Mobile,Name\n\"{mobiles[3]}\",Sara\n")), "file", "people.csv");
            (await writer.PostAsync($"/Campaigns/Lists/Import/{list}", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        (await MembersAsync(list)).Count.ShouldBe(5);
        (await CountedAsync(list)).ShouldBe(5);

        // A real .xlsx made by LibreOffice, a name before each mobile (some typed as numbers, so without their leading
        // zero): each row's first mobile or email is read. Three rows have none (the header, a name alone, "١٢٣"); the
        // empty row is skipped. A file that is no spreadsheet is refused, nothing added.
        var sheetList = IdFrom(await writer.PostForm("/Campaigns/Lists", "/Campaigns/Lists/Create", ("name", "از اکسل")));
        var sheetPage = $"/Campaigns/Lists/Details/{sheetList}";
        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CreateContact("کیان", "مرادی", "0935 111 9900", null, null, null, CustomerSource.Website, null, null, null, null));
        }

        foreach (var (name, bytes) in new[] { ("leads-import.xlsx", await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "leads-import.xlsx"))), ("broken.xlsx", "PK\u0003\u0004 no zip"u8.ToArray()) })
        {
            using var form = new MultipartFormDataContent();
            form.Add(new StringContent(await writer.TokenFrom(sheetPage)), "__RequestVerificationToken");
            form.Add(new ByteArrayContent(bytes), "file", name);
            (await writer.PostAsync($"/Campaigns/Lists/Import/{sheetList}", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
            var said = await writer.GetStringAsync(sheetPage);
            said.ShouldContain(name == "broken.xlsx" ? "به‌عنوان صفحه‌گسترده خوانده نشد" : "۳ سطر موبایل یا ایمیل نبود", customMessage: name);
        }

        var kians = await App.QueryAsync(db => db.Set<PhoneEntry>().Where(p => p.NumberKey == "9351119900" && p.ContactId != null).Select(p => p.ContactId!.Value).ToListAsync());
        (await MembersAsync(sheetList)).Intersect(kians).ShouldNotBeEmpty("the row's mobile came after its name");

        // Too many lines at once: refused whole, nothing added.
        (await writer.PostForm(details, $"/Campaigns/Lists/Import/{list}", ("text", string.Join("\n", Enumerable.Repeat(mobiles[4], ImportToTargetList.MaxLines + 1)))))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await writer.GetStringAsync(details)).ShouldContain("حداکثر ۵٬۰۰۰ سطر");
        (await MembersAsync(list)).Count.ShouldBe(5);

        // Taken off and put back.
        (await writer.PostForm(details, $"/Campaigns/Lists/Remove/{list}", ("contactId", people[2].ToString()))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await CountedAsync(list)).ShouldBe(4);
        (await writer.PostForm(details, $"/Campaigns/Lists/PutBack/{list}", ("contactId", people[2].ToString()))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await CountedAsync(list)).ShouldBe(5);

        await writer.PostForm("/Contacts/Contacts", "/Campaigns/Lists/AddContacts", ("listId", others.ToString()), ("ids", people[0].ToString()));

        // A campaign to the list that leaves out the other list: the member with only an email has no mobile, the one on
        // the other list is left out, three are reached; the filters still narrow the list.
        var plan = IdFrom(await writer.PostForm("/Campaigns/Plans/Create", "/Campaigns/Plans/Create",
            ("Name", "نمایشگاه"), ("StartDate", "1405/10/01"), ("EndDate", "1405/10/30"), ("Budget", "10000000")));
        var planPage = $"/Campaigns/Plans/Details/{plan}";
        (await writer.GetStringAsync($"/Campaigns/Plans/Campaign?plan={plan}")).ShouldContain("مشتریان نمایشگاه (۵)");
        (await writer.PostForm(planPage, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "فهرست"), ("Type", "Sms"),
            ("ListId", list.ToString()), ("ExcludeListId", others.ToString()))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await writer.PostForm(planPage, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "همان"), ("Type", "Sms"),
            ("ListId", list.ToString()), ("ExcludeListId", list.ToString()))).StatusCode.ShouldBe(HttpStatusCode.OK, "refused: the same list both ways");
        (await writer.PostForm(planPage, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "ناموجود"), ("Type", "Sms"),
            ("ListId", Guid.NewGuid().ToString()))).StatusCode.ShouldBe(HttpStatusCode.OK, "refused: no such list");
        var campaign = await App.QueryAsync(db => db.Set<Campaign>().AsNoTracking().SingleAsync(c => c.PlanId == plan));
        campaign.Name.ShouldBe("فهرست");
        async Task<AudienceCount> CountAsync()
        {
            await using var scope = App.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<CampaignAudience>().CountAsync(campaign, CancellationToken.None);
        }

        (await CountAsync()).ShouldBe(new AudienceCount(5, 1, 0, 1, false));
        // A contact deleted since is no longer reached; the list keeps its row, so restoring the contact brings it back.
        await App.QueryAsync(db => db.Set<Contact>().Where(c => c.Id == people[3]).ExecuteUpdateAsync(u => u.SetProperty(c => c.IsDeleted, true)));
        (await CountAsync()).ShouldBe(new AudienceCount(4, 1, 0, 1, false));
        // Narrowed by a tag (the RFM report's "tag these customers", say): two of the list carry it.
        Guid tag;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            var tagName = Unique("وفادار");
            foreach (var tagged in new[] { people[1], people[2] })
            {
                await mediator.Send(new Crm.Modules.Tags.Contracts.TagRecord(new Crm.SharedKernel.Records.RecordRef(Crm.SharedKernel.Records.RecordTypes.Contact, tagged), [tagName]));
            }

            tag = (await mediator.Send(new Crm.Modules.Tags.Contracts.GetRecordTags(Crm.SharedKernel.Records.RecordTypes.Contact, [people[1]])))[people[1]][0].Id;
        }

        (await writer.PostForm(planPage, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "برچسب ناموجود"), ("Type", "Sms"),
            ("AudienceTagId", Guid.NewGuid().ToString()))).StatusCode.ShouldBe(HttpStatusCode.OK, "refused: no such tag");
        campaign.AudienceTagId = tag;
        (await CountAsync()).ShouldBe(new AudienceCount(2, 0, 0, 0, false));
        campaign.AudienceTagId = null;
        campaign.AudienceSource = CustomerSource.Instagram;
        (await CountAsync()).Contacts.ShouldBe(0);

        // Deleted and restored; a sales rep may not see or change lists.
        (await writer.PostForm(details, $"/Campaigns/Lists/Delete/{list}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await writer.GetStringAsync("/Campaigns/Lists")).ShouldNotContain(details);
        (await writer.PostForm(details, $"/Campaigns/Lists/Restore/{list}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await writer.GetStringAsync("/Campaigns/Lists")).ShouldContain(details);
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        (await rep.GetAsync("/Campaigns/Lists")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await rep.GetStringAsync("/Contacts/Contacts")).ShouldNotContain("bulk-add-to-list");
        (await rep.PostForm("/Contacts/Contacts", "/Campaigns/Lists/AddContacts", ("listId", list.ToString()), ("ids", people[4].ToString()))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await MembersAsync(list)).ShouldNotContain(people[4]);
    }

    private async Task<Guid> SubmittedPlanAsync(HttpClient writer)
    {
        var plan = IdFrom(await writer.PostForm("/Campaigns/Plans/Create", "/Campaigns/Plans/Create",
            ("Name", "پاییز " + Unique("")), ("StartDate", "1405/09/01"), ("EndDate", "1405/09/30"), ("Budget", "200000000")));
        (await writer.PostForm($"/Campaigns/Plans/Campaign?plan={plan}", "/Campaigns/Plans/Campaign",
            ("PlanId", plan.ToString()), ("Name", "پیامک"), ("Type", "Sms"), ("Budget", "50000000"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await writer.PostForm($"/Campaigns/Plans/Details/{plan}", $"/Campaigns/Plans/Submit/{plan}", ("version", await VersionAsync(plan)))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await StatusAsync(plan)).ShouldBe(PlanStatus.Submitted);
        return plan;
    }

    private static FormUrlEncodedContent Form(string token, params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", token)));

    [Fact]
    public async Task A_campaign_earns_what_its_leads_deals_and_paid_invoices_bring_against_its_costs()
    {
        var team = await App.NewTeamAsync();
        var writer = await App.SignedInAsync(CrmRoles.Marketer, team);
        var manager = await App.SignedInAsync(CrmRoles.SalesManager, team);
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, team);
        var plan = IdFrom(await writer.PostForm("/Campaigns/Plans/Create", "/Campaigns/Plans/Create",
            ("Name", Unique("نمایشگاه")), ("StartDate", "1405/09/01"), ("EndDate", "1405/12/29"), ("Budget", "100000000")));
        var page = $"/Campaigns/Plans/Details/{plan}";
        var fair = Unique("غرفه کیش");
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", fair), ("Type", "Event"), ("Budget", "60000000"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await writer.PostForm(page, "/Campaigns/Plans/Campaign", ("PlanId", plan.ToString()), ("Name", "پیامک"), ("Type", "Sms"), ("Budget", "10000000"),
            ("Message", "{{Contact.Name}} عزیز، به غرفهٔ ما سر بزنید"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var campaigns = await App.QueryAsync(db => db.Set<Campaign>().AsNoTracking().Where(c => c.PlanId == plan).ToListAsync());
        var (campaign, other) = (campaigns.Single(c => c.Name == fair).Id, campaigns.Single(c => c.Name != fair).Id);

        Task<HttpResponseMessage> NewLead(string name, Guid? from) => rep.PostForm("/Leads/Leads/Create", "/Leads/Leads/Save", ("FirstName", name), ("LastName", Unique("x")),
            ("Mobile", Mobile()), ("Source", "Campaign"), ("Status", "New"), ("Rating", "0"), ("Priority", "Normal"), ("CampaignId", from?.ToString() ?? ""));

        // Before the plan is approved its campaigns cannot be chosen.
        (await rep.GetStringAsync("/Leads/Leads/Create")).ShouldNotContain(campaign.ToString());
        (await NewLead("پیش", campaign)).StatusCode.ShouldBe(HttpStatusCode.OK, "refused, the form shown again");
        await writer.PostForm(page, $"/Campaigns/Plans/Submit/{plan}", ("version", await VersionAsync(plan)));
        await manager.PostForm(page, $"/Campaigns/Plans/Decide/{plan}", ("version", await VersionAsync(plan)), ("approve", "true"));
        (await rep.GetStringAsync("/Leads/Leads/Create")).ShouldContain(campaign.ToString());

        // A test of the SMS to the marketer's own mobile: marked as a test, a wrong number refused, a rep not allowed.
        var own = Mobile();
        (await writer.PostForm(page, $"/Campaigns/Plans/SendTest/{other}", ("to", own))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await writer.PostForm(page, $"/Campaigns/Plans/SendTest/{other}", ("to", "not a number"));
        (await rep.PostAsync($"/Campaigns/Plans/SendTest/{other}", new FormUrlEncodedContent([KeyValuePair.Create("to", own),
            KeyValuePair.Create("__RequestVerificationToken", await rep.TokenFrom("/Leads/Leads/Create"))]))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var tests = await App.QueryAsync(db => db.Set<Crm.Modules.Messaging.Domain.OutboxMessage>().AsNoTracking().Where(m => m.ToKey == own.Substring(1)).ToListAsync());
        tests.Count.ShouldBe(1);
        (tests[0].Category, tests[0].Body.StartsWith("[آزمایشی] ", StringComparison.Ordinal), tests[0].Body.Contains("{{", StringComparison.Ordinal)).ShouldBe((MessageCategory.Transactional, true, false));

        // Two bills, 30 and 20 million; a wrong amount or no description is refused; a sales rep may not add one.
        (await writer.PostForm(page, "/Campaigns/Plans/AddCost", ("campaignId", campaign.ToString()), ("costDate", "1405/09/20"), ("costDescription", "اجارهٔ غرفه"), ("costAmount", "۳۰٬۰۰۰٬۰۰۰"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await writer.PostForm(page, "/Campaigns/Plans/AddCost", ("campaignId", campaign.ToString()), ("costDate", "1405/09/21"), ("costDescription", "چاپ بروشور"), ("costAmount", "20000000"));
        await writer.PostForm(page, "/Campaigns/Plans/AddCost", ("campaignId", campaign.ToString()), ("costDate", "1405/09/21"), ("costDescription", "منفی"), ("costAmount", "-5"));
        var refusedCost = await writer.GetStringAsync(page);
        refusedCost.ShouldContain("value=\"منفی\"", customMessage: "what was typed is shown again");
        refusedCost.ShouldContain("value=\"-5\"");
        refusedCost.ShouldContain("value=\"1405/09/21\"", customMessage: "a typed date comes back as typed");
        refusedCost.ShouldContain("alert-danger");
        await writer.PostForm(page, "/Campaigns/Plans/AddCost", ("campaignId", campaign.ToString()), ("costDate", "1405/09/21"), ("costDescription", ""), ("costAmount", "5"));
        var repToken = await rep.TokenFrom("/Leads/Leads/Create");
        (await rep.PostAsync("/Campaigns/Plans/AddCost", new FormUrlEncodedContent([KeyValuePair.Create("campaignId", campaign.ToString()), KeyValuePair.Create("costDate", "1405/09/21"),
            KeyValuePair.Create("costDescription", "x"), KeyValuePair.Create("costAmount", "1"), KeyValuePair.Create("__RequestVerificationToken", repToken)]))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var extra = IdFrom(await writer.PostForm(page, "/Campaigns/Plans/AddCost", ("campaignId", campaign.ToString()), ("costDate", "1405/09/22"), ("costDescription", "اشتباه"), ("costAmount", "7000000")));
        var mistaken = await App.QueryAsync(db => db.Set<CampaignCost>().SingleAsync(c => c.Description == "اشتباه" && c.CampaignId == campaign));
        await writer.PostForm(page, $"/Campaigns/Plans/RemoveCost/{mistaken.Id}");
        (await App.QueryAsync(db => db.Set<CampaignCost>().CountAsync(c => c.CampaignId == campaign))).ShouldBe(2);
        (await rep.PostAsync($"/Campaigns/Plans/RestoreCost/{mistaken.Id}", new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", repToken)])))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await writer.PostForm(page, $"/Campaigns/Plans/RestoreCost/{mistaken.Id}");
        (await App.QueryAsync(db => db.Set<CampaignCost>().CountAsync(c => c.CampaignId == campaign))).ShouldBe(3, "restored");
        await writer.PostForm(page, $"/Campaigns/Plans/RemoveCost/{mistaken.Id}");
        extra.ShouldBe(plan);

        // A lead from the campaign converted into a deal of 120 million, won; another lead still open; a lead of no
        // campaign; a second deal of the campaign, open.
        // The first lead comes through the campaign's link to a public form that makes leads, filled by a visitor.
        var form = new Form { Name = Unique("ثبت‌نام نمایشگاه"), TitleFa = "ثبت‌نام", PublicKey = Unique("k"), IsPublic = true, CreateLead = true, TeamId = team };
        var version = new FormVersion
        {
            FormId = form.Id, Number = 1, CreatedAt = DateTime.UtcNow,
            Fields = """[{"Key":"name","Type":"ShortText","LabelFa":"نام","LabelEn":"Name","Required":true,"ContactPart":"FullName"},{"Key":"mobile","Type":"Mobile","LabelFa":"همراه","LabelEn":"Mobile","Required":true}]""",
        };
        form.CurrentVersionId = version.Id;
        await App.QueryAsync(db => { db.AddRange(form, version); return db.SaveChangesAsync(); });
        var code = await App.QueryAsync(db => db.Set<Campaign>().Where(c => c.Id == campaign).Select(c => c.Code).SingleAsync());
        (await writer.GetStringAsync(page)).ShouldContain($"http://localhost/f/{form.PublicKey}?c={code}");
        var visitor = App.Browser();
        var formPage = await visitor.GetStringAsync($"/f/{form.PublicKey}?c={code}");
        formPage.ShouldContain($"name=\"c\" value=\"{code}\"");
        (await visitor.GetStringAsync($"/f/{form.PublicKey}?c=<b>{code}</b>")).ShouldNotContain("name=\"c\"", customMessage: "only a code's shape is kept");
        var againPage = await visitor.GetStringAsync($"/f/{form.PublicKey}");
        await Task.Delay(TimeSpan.FromSeconds(3.2)); // A form posted sooner than a person could fill it is taken for a robot.
        var visitorMobile = Mobile();
        foreach (var (filled, withCode) in new[] { (formPage, true), (againPage, false) })
        {
            using var answer = new MultipartFormDataContent
            {
                { new StringContent(PortalSupport.FillToken().Match(filled).Groups[1].Value), "__fill" }, { new StringContent("نخست " + Unique("x")), "name" },
                { new StringContent(visitorMobile), "mobile" },
            };
            if (withCode)
            {
                answer.Add(new StringContent(code), "c");
            }

            (await visitor.PostAsync($"/f/{form.PublicKey}", answer)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        // The same person answering again keeps their open lead, and its campaign.
        var first = await App.QueryAsync(db => db.Set<Lead>().Where(l => l.MobileKey == visitorMobile.Substring(1)).Select(l => l.Id).SingleAsync());
        (await App.QueryAsync(db => db.Set<Lead>().Where(l => l.Id == first).Select(l => l.CampaignId).SingleAsync())).ShouldBe(campaign);
        IdFrom(await NewLead("دوم", campaign));
        IdFrom(await NewLead("سوم", null));
        var firstVersion = await App.QueryAsync(db => db.Set<Lead>().Where(l => l.Id == first).Select(l => l.Version).SingleAsync());
        var deal = IdFrom(await rep.PostForm($"/Sales/Conversion/Convert/{first}", "/Sales/Conversion/Convert", ("LeadId", first.ToString()), ("LeadVersion", firstVersion.ToString()),
            ("Contact", "new"), ("Organization", "none"), ("CreateDeal", "true"), ("DealName", "قرارداد کیش"), ("DealAmount", "120000000"), ("DealClose", "")));
        var won = await App.QueryAsync(db => db.Set<Opportunity>().AsNoTracking().SingleAsync(o => o.Id == deal));
        (won.CampaignId, won.Campaign).ShouldBe((campaign, fair), "the deal carries its lead's campaign, linked and named");
        var contact = IdFrom(await rep.PostForm("/Contacts/Contacts/Create", "/Contacts/Contacts/Save",
            ("FirstName", "مینا"), ("LastName", Unique("x")), ("Phones[0].Type", "Mobile"), ("Phones[0].Number", Mobile()), ("Source", "Campaign"), ("Rating", "0")));
        IdFrom(await rep.PostForm("/Sales/Opportunities/Create", "/Sales/Opportunities/Save",
            ("Name", "قرارداد دوم"), ("Customer", $"Contact:{contact}"), ("Amount", "40000000"), ("Source", "Campaign"), ("CampaignId", campaign.ToString())));
        var process = await App.QueryAsync(db => db.Set<SalesProcess>().Include(p => p.Stages).AsNoTracking().SingleAsync(p => p.IsDefault));
        (await rep.PostForm("/Sales/Board", "/Sales/Board/Move", ("Id", deal.ToString()), ("Version", won.Version.ToString()), ("StageId", process.Won.Id.ToString())))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        // Its invoice of 120 million is issued and 80 million of it paid; a cancelled invoice of the deal counts nothing.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            foreach (var (number, cancelled) in new[] { (Unique("INV"), false), (Unique("INV"), true) })
            {
                var invoice = new Invoice { CustomerName = "مشتری کیش", IssueDate = new DateOnly(2026, 12, 10), DueDate = new DateOnly(2026, 12, 20), OpportunityId = deal };
                invoice.Lines.Add(new InvoiceLine { InvoiceId = invoice.Id, Description = "تجهیزات", Quantity = 1, UnitPrice = 120_000_000 });
                invoice.Recompute();
                invoice.Issue(number, 1405, DateTime.UtcNow, null);
                var payment = new Payment { InvoiceId = invoice.Id, Method = PaymentMethod.Cash, Amount = 80_000_000, PaidOn = new DateOnly(2026, 12, 12) };
                db.AddRange(invoice, payment);
                invoice.ApplyPayments([payment], DateTime.UtcNow);
                invoice.CancelledAt = cancelled ? DateTime.UtcNow : null;
            }

            await db.SaveChangesAsync();
        }

        // By hand: 2 leads, 2 deals, 1 won for 120 million, 80 million paid, 50 million spent: 25 million a lead, and
        // (80 − 50) ÷ 50 = 60% return.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var outcomes = await scope.ServiceProvider.GetRequiredService<CampaignResults>().OutcomesAsync([campaign, other], CancellationToken.None);
            var outcome = outcomes[campaign];
            (outcome.Leads, outcome.Deals, outcome.Won, outcome.WonAmount, outcome.Paid, outcome.Cost).ShouldBe((2, 2, 1, 120_000_000m, 80_000_000m, 50_000_000m));
            (outcome.CostPerLead, outcome.ReturnPercent).ShouldBe((25_000_000m, 60m));
            (outcomes[other].Leads, outcomes[other].CostPerLead, outcomes[other].ReturnPercent).ShouldBe((0, null, null));
        }

        var shown = await manager.GetStringAsync(page);
        shown.ShouldContain("id=\"earned-table\"");
        shown.ShouldContain("data-figure=\"return\"><bdi dir=\"ltr\">۶۰٪</bdi></td>");
        shown.ShouldContain("chart-campaign-money");

        // The marketing report reads the same figures through the campaigns' contract, in Jalali or Gregorian periods.
        foreach (var calendar in new[] { "jalali", "gregorian" })
        {
            var report = await manager.GetStringAsync($"/Reports/Reports/Marketing?period=year&calendar={calendar}");
            report.ShouldContain("id=\"chart-campaign-money\"");
            report.ShouldContain(fair);
            report.ShouldContain("۶۰٪");
        }

        (await manager.GetStringAsync("/Reports/Reports/Marketing?period=custom&from=1404/01/01&to=1404/02/01")).ShouldNotContain(fair);

        // Deals that named their campaign in words before campaigns could be linked: the one named like this campaign
        // is linked by the links job (run twice: once is enough), an unknown name stays words.
        var typed = IdFrom(await rep.PostForm("/Sales/Opportunities/Create", "/Sales/Opportunities/Save",
            ("Name", "قرارداد قدیمی"), ("Customer", $"Contact:{contact}"), ("Amount", "1000000"), ("Source", "Campaign")));
        var unknown = IdFrom(await rep.PostForm("/Sales/Opportunities/Create", "/Sales/Opportunities/Save",
            ("Name", "قرارداد ناشناس"), ("Customer", $"Contact:{contact}"), ("Amount", "1000000"), ("Source", "Campaign")));
        await App.QueryAsync(db => db.Set<Opportunity>().Where(o => o.Id == typed).ExecuteUpdateAsync(u => u.SetProperty(o => o.Campaign, fair)));
        await App.QueryAsync(db => db.Set<Opportunity>().Where(o => o.Id == unknown).ExecuteUpdateAsync(u => u.SetProperty(o => o.Campaign, "نمایشگاه قدیمی")));
        for (var run = 0; run < 2; run++)
        {
            await using var scope = App.Services.CreateAsyncScope();
            await ActivatorUtilities.CreateInstance<Crm.Modules.Sales.Features.DealCampaignLinksJob>(scope.ServiceProvider).ExecuteAsync(CancellationToken.None);
        }

        (await App.QueryAsync(db => db.Set<Opportunity>().Where(o => o.Id == typed).Select(o => o.CampaignId).SingleAsync())).ShouldBe(campaign);
        (await App.QueryAsync(db => db.Set<Opportunity>().Where(o => o.Id == unknown).Select(o => o.CampaignId).SingleAsync())).ShouldBeNull();
    }

    private Task<string> VersionAsync(Guid plan) =>
        App.QueryAsync(async db => (await db.Set<MarketingPlan>().IgnoreQueryFilters().SingleAsync(p => p.Id == plan)).Version.ToString());

    private Task<PlanStatus> StatusAsync(Guid plan) =>
        App.QueryAsync(db => db.Set<MarketingPlan>().IgnoreQueryFilters().Where(p => p.Id == plan).Select(p => p.Status).SingleAsync());
}

public sealed class SqliteCampaignsTests(SqliteAppFixture fixture) : CampaignsTests(fixture), IClassFixture<SqliteAppFixture>;

[Trait("Category", "Postgres")]
public sealed class PostgresCampaignsTests(PostgresAppFixture fixture) : CampaignsTests(fixture), IClassFixture<PostgresAppFixture>;
