using System.Net;
using System.Text.Json;
using Crm.Modules.Activities.Contracts;
using Crm.Modules.Activities.Domain;
using Crm.Modules.Contacts.Domain;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Leads.Domain;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.Modules.Tags.Contracts;
using Crm.Modules.Tags.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Crm.IntegrationTests.TestSupport;

namespace Crm.IntegrationTests;

/// <summary>Lead conversion, opportunities, stage moves and their history, and who sees which deal, on each database provider.</summary>
public abstract class SalesTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : AppFixture
{
    private CrmAppFactory App => fixture.App;

    /// <summary>Counts <see cref="LeadConverted"/> messages as another module would receive them.</summary>
    public sealed class ConversionCounter
    {
        private int _count;

        public int Count => _count;

        public void Add() => Interlocked.Increment(ref _count);
    }

    private sealed class CountingHandler(ConversionCounter counter) : INotificationHandler<LeadConverted>
    {
        public ValueTask Handle(LeadConverted notification, CancellationToken cancellationToken)
        {
            counter.Add();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A module that fails while the conversion is under way, after the contact, organization and deal were written.</summary>
    private sealed class FailingHandler : INotificationHandler<RecordConverted>
    {
        public ValueTask Handle(RecordConverted notification, CancellationToken cancellationToken) => throw new InvalidOperationException("a module failed");
    }

    private async Task<(Guid Id, HttpClient Client)> UserAsync(string role, Guid? team, WebApplicationFactory<Program>? app = null)
    {
        var name = Unique(role.ToLowerInvariant());
        var user = await App.CreateUserAsync(name, role, Password, team);
        var client = (app ?? App).CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await client.SignInOk(name, Password);
        return (user.Id, client);
    }

    private static async Task<Guid> NewLead(HttpClient client, string company) =>
        IdFrom(await client.PostForm("/Leads/Leads/Create", "/Leads/Leads/Save",
            ("FirstName", "بهرام"), ("LastName", Unique("رادان")), ("Mobile", Mobile()), ("Email", Unique("b") + "@example.com"), ("Company", company),
            ("JobTitle", "مدیر فنی"), ("Source", "Instagram"), ("Status", "Qualified"), ("Rating", "3"), ("Priority", "High")));

    private static async Task<Guid> NewContact(HttpClient client) =>
        IdFrom(await client.PostForm("/Contacts/Contacts/Create", "/Contacts/Contacts/Save",
            ("FirstName", "مینا"), ("LastName", Unique("x")), ("Phones[0].Type", "Mobile"), ("Phones[0].Number", Mobile()), ("Source", "Phone"), ("Rating", "0")));

    private static async Task<Guid> NewDeal(HttpClient client, Guid contact, string name, Guid? process = null, string amount = "1000000") =>
        IdFrom(await client.PostForm("/Sales/Opportunities/Create", "/Sales/Opportunities/Save",
            ("Name", name), ("Customer", $"Contact:{contact}"), ("Amount", amount), ("ProcessId", process?.ToString() ?? ""), ("Source", "Referral")));

    private static Task<HttpResponseMessage> Convert(HttpClient client, Guid lead, Guid version, params (string, string)[] fields) =>
        client.PostForm($"/Sales/Conversion/Convert/{lead}", "/Sales/Conversion/Convert",
            [("LeadId", lead.ToString()), ("LeadVersion", version.ToString()), .. fields]);

    private static Task<HttpResponseMessage> Move(HttpClient client, Guid deal, Guid version, Guid stage, params (string, string)[] fields) =>
        client.PostForm("/Sales/Board", "/Sales/Board/Move", [("Id", deal.ToString()), ("Version", version.ToString()), ("StageId", stage.ToString()), .. fields]);

    private SalesProcess DefaultProcess() =>
        App.Query(db => db.Set<SalesProcess>().Include(p => p.Stages).ThenInclude(s => s.Checklist).AsSplitQuery().Single(p => p.IsDefault));

    private Opportunity Deal(Guid id) => App.Query(db => db.Set<Opportunity>().IgnoreQueryFilters().AsNoTracking().Single(o => o.Id == id));

    private List<StageVisit> Visits(Guid deal) =>
        App.Query(db => db.Set<StageVisit>().Where(v => v.OpportunityId == deal).OrderBy(v => v.EnteredAt).ThenBy(v => v.Id).ToList());

    private static async Task<string> StatusOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString()!;

    [Fact]
    public async Task A_persons_page_lists_the_deals_of_the_organization_they_work_for()
    {
        var team = await App.NewTeamAsync();
        var (_, rep) = await UserAsync(CrmRoles.SalesRep, team);
        var organizationName = Unique("شرکت ");
        var person = IdFrom(await rep.PostForm("/Contacts/Contacts/Create", "/Contacts/Contacts/Save",
            ("FirstName", "مینا"), ("LastName", Unique("x")), ("Phones[0].Type", "Mobile"), ("Phones[0].Number", Mobile()), ("Source", "Phone"), ("Rating", "0"),
            ("NewOrganizationName", organizationName)));
        var organization = App.Query(db => db.Set<Crm.Modules.Contacts.Domain.Employment>().Single(e => e.ContactId == person).OrganizationId);
        var companyDeal = IdFrom(await rep.PostForm("/Sales/Opportunities/Create", "/Sales/Opportunities/Save",
            ("Name", Unique("قرارداد شرکت ")), ("Customer", $"Organization:{organization}"), ("Amount", "1000"), ("Source", "Referral")));
        var ownDeal = await NewDeal(rep, person, Unique("خرید شخصی "));

        var page = System.Net.WebUtility.HtmlDecode(await rep.GetStringAsync($"/Contacts/Contacts/Details/{person}"));
        page.ShouldContain($"/Sales/Opportunities/Details/{companyDeal}");
        page.ShouldContain($"/Sales/Opportunities/Details/{ownDeal}");
        page.ShouldContain(organizationName);

        // Still only what the viewer may see: another team's rep opening nothing of it.
        var (_, stranger) = await UserAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var seen = await stranger.GetAsync($"/Contacts/Contacts/Details/{person}");
        (seen.StatusCode == HttpStatusCode.NotFound || !(await seen.Content.ReadAsStringAsync()).Contains(companyDeal.ToString())).ShouldBeTrue();
    }

    [Fact]
    public async Task Conversion_makes_contact_organization_and_deal_carries_the_history_and_announces_it_once()
    {
        var counter = new ConversionCounter();
        using var app = App.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton(counter);
            s.AddScoped<Mediator.INotificationHandler<LeadConverted>, CountingHandler>();
        }));
        var team = await App.NewTeamAsync();
        var (repId, rep) = await UserAsync(CrmRoles.SalesRep, team, app);
        var company = Unique("گروه صنعتی ");
        var lead = await NewLead(rep, company);
        (await rep.PostForm($"/Activities/Activities/Create?record=Lead:{lead}&kind=Call", "/Activities/Activities/Save",
            ("Record", $"Lead:{lead}"), ("Kind", "Call"), ("Subject", "تماس اول"), ("Direction", "Outgoing"), ("Outcome", "Reached"), ("DurationMinutes", "5"),
            ("Date", Digits.ToPersian(JalaliDate.Format(DateOnly.FromDateTime(DateTime.UtcNow)))), ("Time", "10:00"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await rep.PostForm($"/Leads/Leads/Details/{lead}", "/Tags/Tags/Add", ("record", $"Lead:{lead}"), ("names", "مشتری ویژه"), ("returnUrl", "/")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await rep.PostForm($"/Leads/Leads/Details/{lead}", "/Activities/Comments/Add", ("record", $"Lead:{lead}"), ("text", "بودجه تأیید شد"), ("returnUrl", "/")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var before = App.Query(db => db.Set<Lead>().Single(l => l.Id == lead));

        var response = await Convert(rep, lead, before.Version, ("Contact", "new"), ("Organization", "new"), ("CreateDeal", "true"),
            ("DealName", "تجهیز کارخانه"), ("DealAmount", "۱٬۵۰۰٬۰۰۰"), ("DealClose", ""));
        var dealId = IdFrom(response);
        response.Headers.Location!.ToString().ShouldContain("/Sales/Opportunities/Details/");

        var converted = App.Query(db => db.Set<Lead>().Single(l => l.Id == lead));
        converted.Status.ShouldBe(LeadStatus.Converted);
        converted.ConvertedOpportunityId.ShouldBe(dealId);
        var contact = App.Query(db => db.Set<Contact>().Include(c => c.Phones).Include(c => c.Employments).Single(c => c.Id == converted.ConvertedContactId));
        contact.FullName.ShouldBe(before.FullName);
        contact.Phones.Single().NumberKey.ShouldBe(before.MobileKey);
        contact.OwnerId.ShouldBe(repId);
        contact.TeamId.ShouldBe(team);
        var organization = App.Query(db => db.Set<Organization>().Single(o => o.Id == converted.ConvertedOrganizationId));
        organization.Name.ShouldBe(PersianText.Clean(company));
        contact.Employments.Single().OrganizationId.ShouldBe(organization.Id);
        var deal = Deal(dealId);
        (deal.Name, deal.Amount, deal.OrganizationId, deal.LeadId, deal.OwnerId, deal.Status).ShouldBe(("تجهیز کارخانه", 1_500_000L, (Guid?)organization.Id, (Guid?)lead, (Guid?)repId, OpportunityStatus.Open));
        deal.CustomerName.ShouldBe(organization.Name);
        Visits(dealId).Single().Entry.ShouldBe(StageEntry.Created);

        // Timeline, tags and comments went with the person; nothing is left pointing at the lead.
        var contactRef = contact.Id;
        App.Query(db => db.Set<Activity>().Count(a => a.RecordType == RecordTypes.Lead && a.RecordId == lead)).ShouldBe(0);
        App.Query(db => db.Set<Activity>().Any(a => a.RecordType == RecordTypes.Contact && a.RecordId == contactRef && a.Subject == "تماس اول")).ShouldBeTrue();
        App.Query(db => db.Set<Comment>().Single(c => c.RecordId == contactRef).RecordType).ShouldBe(RecordTypes.Contact);
        App.Query(db => db.Set<TagLink>().Count(t => t.RecordType == RecordTypes.Contact && t.RecordId == contactRef)).ShouldBeGreaterThan(0);
        App.Query(db => db.Set<TagLink>().Count(t => t.RecordType == RecordTypes.Lead && t.RecordId == lead)).ShouldBe(0);
        App.Query(db => db.Set<LeadConversion>().Count(c => c.LeadId == lead)).ShouldBe(1);
        counter.Count.ShouldBe(1);

        // The lead is read-only now; converting it again finds nothing to convert.
        (await rep.GetAsync($"/Sales/Conversion/Convert/{lead}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await rep.PostForm("/Sales/Board", "/Sales/Conversion/Convert", ("LeadId", lead.ToString()), ("LeadVersion", converted.Version.ToString()), ("Contact", "new"),
            ("Organization", "none"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        counter.Count.ShouldBe(1);
        (await rep.GetStringAsync($"/Leads/Leads/Details/{lead}")).ShouldContain($"/Sales/Opportunities/Details/{dealId}");
    }

    [Fact]
    public async Task Conversion_can_join_an_existing_contact_and_organization_without_a_deal()
    {
        var team = await App.NewTeamAsync();
        var (_, rep) = await UserAsync(CrmRoles.SalesRep, team);
        var company = Unique("بازرگانی ");
        var organization = IdFrom(await rep.PostForm("/Contacts/Organizations/Create", "/Contacts/Organizations/Save", ("Name", company), ("Source", "Phone"), ("Rating", "0")));
        var existing = await NewContact(rep);
        var lead = await NewLead(rep, company);
        var page = await rep.GetStringAsync($"/Sales/Conversion/Convert/{lead}");
        page.ShouldContain($"value=\"{organization}\"");
        var version = App.Query(db => db.Set<Lead>().Single(l => l.Id == lead).Version);

        var response = await Convert(rep, lead, version, ("Contact", existing.ToString()), ("Organization", organization.ToString()));
        response.Headers.Location!.ToString().ShouldBe($"/Contacts/Contacts/Details/{existing}");
        var converted = App.Query(db => db.Set<Lead>().Single(l => l.Id == lead));
        (converted.ConvertedContactId, converted.ConvertedOrganizationId, converted.ConvertedOpportunityId).ShouldBe(((Guid?)existing, (Guid?)organization, (Guid?)null));
        App.Query(db => db.Set<Employment>().Count(e => e.ContactId == existing && e.OrganizationId == organization)).ShouldBe(1);
        App.Query(db => db.Set<Organization>().Count(o => o.NameKey == PersianText.Key(company))).ShouldBe(1);
    }

    [Fact]
    public async Task A_failure_midway_through_conversion_leaves_nothing_half_made()
    {
        using var app = App.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddScoped<Mediator.INotificationHandler<RecordConverted>, FailingHandler>()));
        var (_, rep) = await UserAsync(CrmRoles.SalesRep, await App.NewTeamAsync(), app);
        var company = Unique("پخش سراسری ");
        var lead = await NewLead(rep, company);
        (await rep.PostForm($"/Leads/Leads/Details/{lead}", "/Activities/Comments/Add", ("record", $"Lead:{lead}"), ("text", "پیگیری شود"), ("returnUrl", "/")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var before = App.Query(db => db.Set<Lead>().Single(l => l.Id == lead));

        var response = await Convert(rep, lead, before.Version, ("Contact", "new"), ("Organization", "new"), ("CreateDeal", "true"), ("DealName", "قرارداد سالانه"), ("DealAmount", "5000"));
        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);

        var after = App.Query(db => db.Set<Lead>().Single(l => l.Id == lead));
        after.Status.ShouldBe(before.Status);
        after.Version.ShouldBe(before.Version);
        after.ConvertedContactId.ShouldBeNull();
        App.Query(db => db.Set<Contact>().IgnoreQueryFilters().Count(c => c.NameKey == before.NameKey)).ShouldBe(0);
        App.Query(db => db.Set<Organization>().IgnoreQueryFilters().Count(o => o.NameKey == before.CompanyKey)).ShouldBe(0);
        App.Query(db => db.Set<Opportunity>().IgnoreQueryFilters().Count(o => o.LeadId == lead)).ShouldBe(0);
        App.Query(db => db.Set<LeadConversion>().Count(c => c.LeadId == lead)).ShouldBe(0);
        App.Query(db => db.Set<Comment>().Single(c => c.Text == "پیگیری شود" && c.RecordId == lead).RecordType).ShouldBe(RecordTypes.Lead);
    }

    [Fact]
    public async Task Every_stage_entry_and_exit_is_kept_through_moves_a_loss_and_reopens()
    {
        var (repId, rep) = await UserAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var process = DefaultProcess();
        var open = process.OpenStages.ToList();
        var deal = await NewDeal(rep, await NewContact(rep), "پروژهٔ شبکه");
        Deal(deal).StageId.ShouldBe(open[0].Id);

        async Task Step(Guid stage, params (string, string)[] fields)
        {
            var response = await Move(rep, deal, Deal(deal).Version, stage, fields);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        await Step(open[2].Id);
        Deal(deal).Probability.ShouldBe(open[2].Probability);
        await Step(process.Won.Id);
        (Deal(deal).Status, Deal(deal).ClosedAt is not null).ShouldBe((OpportunityStatus.Won, true));
        await Step(open[1].Id);
        (Deal(deal).Status, Deal(deal).ClosedAt).ShouldBe((OpportunityStatus.Open, (DateTime?)null));

        // Lost needs a reason from the "Loss reasons" group.
        var before = Deal(deal);
        var refused = await Move(rep, deal, before.Version, process.Lost.Id);
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await StatusOf(refused)).ShouldBe("NeedsReason");
        var stranger = await Move(rep, deal, before.Version, process.Lost.Id, ("LossReasonTagId", Guid.NewGuid().ToString()));
        (await StatusOf(stranger)).ShouldBe("NeedsReason");
        Deal(deal).Version.ShouldBe(before.Version);
        var reasons = App.Query(db => db.Set<Tag>().Where(t => db.Set<TagGroup>().Any(g => g.Id == t.GroupId && g.SystemKey == TagGroupKeys.LossReasons)).ToList());
        reasons.Count.ShouldBe(5);
        await Step(process.Lost.Id, ("LossReasonTagId", reasons[0].Id.ToString()), ("LossNote", "خرید را یک سال عقب انداختند"));
        var lost = Deal(deal);
        (lost.Status, lost.LossReasonTagId, lost.LossReason).ShouldBe((OpportunityStatus.Lost, (Guid?)reasons[0].Id, reasons[0].Name));
        App.Query(db => db.Set<TagLink>().Any(t => t.RecordType == RecordTypes.Opportunity && t.RecordId == deal && t.TagId == reasons[0].Id)).ShouldBeTrue();

        await Step(open[2].Id);
        Deal(deal).LossReasonTagId.ShouldBeNull();
        App.Query(db => db.Set<TagLink>().Any(t => t.RecordType == RecordTypes.Opportunity && t.RecordId == deal && t.TagId == reasons[0].Id)).ShouldBeFalse();

        var visits = Visits(deal);
        visits.Select(v => (v.StageId, v.Entry)).ShouldBe(
        [
            (open[0].Id, StageEntry.Created), (open[2].Id, StageEntry.Moved), (process.Won.Id, StageEntry.Moved),
            (open[1].Id, StageEntry.Reopened), (process.Lost.Id, StageEntry.Moved), (open[2].Id, StageEntry.Reopened),
        ]);
        for (var i = 0; i < visits.Count - 1; i++)
        {
            visits[i].ExitedAt.ShouldBe(visits[i + 1].EnteredAt);
            (visits[i].EnteredBy, visits[i].ExitedBy).ShouldBe(((Guid?)repId, (Guid?)repId));
        }

        visits[^1].ExitedAt.ShouldBeNull();
        App.Query(db => db.Set<Activity>().Count(a => a.RecordType == RecordTypes.Opportunity && a.RecordId == deal && a.Kind == ActivityKind.StatusChange)).ShouldBe(5);

        // A move made from an old copy of the card is refused and changes nothing.
        var stale = await Move(rep, deal, before.Version, open[0].Id);
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Visits(deal).Count.ShouldBe(6);
    }

    [Fact]
    public async Task Two_people_moving_the_same_card_at_once_exactly_one_wins()
    {
        var team = await App.NewTeamAsync();
        var (_, first) = await UserAsync(CrmRoles.SalesRep, team);
        var (_, second) = await UserAsync(CrmRoles.SalesRep, team);
        var open = DefaultProcess().OpenStages.ToList();
        var deal = await NewDeal(first, await NewContact(first), "خرید سرور");
        var tokens = await Task.WhenAll(first.TokenFrom("/Sales/Board"), second.TokenFrom("/Sales/Board"));
        for (var round = 0; round < 5; round++)
        {
            var current = Deal(deal);
            var targets = open.Where(s => s.Id != current.StageId).Take(2).ToList();
            var visitsBefore = Visits(deal).Count;
            FormUrlEncodedContent Form(string token, Guid stage) => new(
            [
                new("__RequestVerificationToken", token), new("Id", deal.ToString()), new("Version", current.Version.ToString()), new("StageId", stage.ToString()),
            ]);
            var responses = await Task.WhenAll(first.PostAsync("/Sales/Board/Move", Form(tokens[0], targets[0].Id)), second.PostAsync("/Sales/Board/Move", Form(tokens[1], targets[1].Id)));
            responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
            responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(1);
            var winner = responses[0].StatusCode == HttpStatusCode.OK ? targets[0] : targets[1];
            Deal(deal).StageId.ShouldBe(winner.Id);
            Visits(deal).Count.ShouldBe(visitsBefore + 1);
            Visits(deal).Count(v => v.ExitedAt == null).ShouldBe(1);
        }
    }

    [Fact]
    public async Task Skipping_required_checklist_items_asks_for_confirmation()
    {
        var admin = App.Browser();
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        var name = Unique("فروش پروژه‌ای ");
        (await admin.PostForm("/Sales/Processes/Create", "/Sales/Processes/Save",
            ("Name", name), ("EnglishName", "Projects"), ("WonName", "برد"), ("LostName", "باخت"),
            ("Stages[0].Name", "شناسایی"), ("Stages[0].Probability", "10"), ("Stages[0].Progress", "10"), ("Stages[0].Checklist", "* تماس با تصمیم‌گیرنده\nارسال کاتالوگ"),
            ("Stages[1].Name", "بازدید"), ("Stages[1].Probability", "40"), ("Stages[1].Progress", "40"),
            ("Stages[2].Name", "قرارداد"), ("Stages[2].Probability", "80"), ("Stages[2].Progress", "80"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var process = App.Query(db => db.Set<SalesProcess>().Include(p => p.Stages).ThenInclude(s => s.Checklist).AsSplitQuery().Single(p => p.Name == name));
        var stages = process.OpenStages.ToList();
        stages.Select(s => s.Name).ShouldBe(["شناسایی", "بازدید", "قرارداد"]);
        var required = stages[0].Checklist.Single(c => c.Required);

        var contact = await NewContact(admin);
        var deal = await NewDeal(admin, contact, "نصب تجهیزات", process.Id);
        var warned = await Move(admin, deal, Deal(deal).Version, stages[2].Id);
        warned.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var body = JsonDocument.Parse(await warned.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("status").GetString().ShouldBe("ChecklistWarning");
        body.GetProperty("missing").EnumerateArray().Select(e => e.GetString()).ShouldBe(["تماس با تصمیم‌گیرنده"]);
        Deal(deal).StageId.ShouldBe(stages[0].Id);
        (await Move(admin, deal, Deal(deal).Version, stages[2].Id, ("Confirmed", "true"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Ticked, nothing is missing; moving back never asks.
        var other = await NewDeal(admin, contact, "نگهداری سالانه", process.Id);
        (await admin.PostForm($"/Sales/Opportunities/Details/{other}", $"/Sales/Opportunities/Tick/{other}", ("item", required.Id.ToString()), ("done", "true")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Move(admin, other, Deal(other).Version, stages[1].Id)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Move(admin, other, Deal(other).Version, stages[0].Id)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_rep_cannot_open_list_export_move_or_convert_another_teams_records_nor_design_processes()
    {
        var (_, owner) = await UserAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var (_, outsider) = await UserAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var (_, manager) = await UserAsync(CrmRoles.SalesManager, null);
        var name = Unique("معامله محرمانه ");
        var deal = await NewDeal(owner, await NewContact(owner), name);
        var lead = await NewLead(owner, Unique("شرکت "));
        var stage = Deal(deal).StageId;

        (await outsider.GetAsync($"/Sales/Opportunities/Details/{deal}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.GetAsync($"/Sales/Opportunities/Edit/{deal}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.GetStringAsync("/Sales/Opportunities?q=" + Uri.EscapeDataString(name))).ShouldNotContain($"/Sales/Opportunities/Details/{deal}");
        (await outsider.GetStringAsync($"/Sales/Board/Cards?stage={stage}&skip=0")).ShouldNotContain(name);
        (await XlsxText(await outsider.GetAsync("/Sales/Opportunities/Export"))).ShouldNotContain(name);
        (await Move(outsider, deal, Deal(deal).Version, DefaultProcess().Won.Id)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.GetAsync($"/Sales/Conversion/Convert/{lead}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.GetAsync("/Sales/Processes")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await outsider.PostForm("/Sales/Board", "/Sales/Processes/Save", ("Name", "x"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await outsider.GetAsync("/Sales/Products/Create")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        Deal(deal).StageId.ShouldBe(stage);

        (await owner.GetStringAsync("/Sales/Opportunities?q=" + Uri.EscapeDataString(name))).ShouldContain($"/Sales/Opportunities/Details/{deal}");
        (await owner.GetStringAsync($"/Sales/Board/Cards?stage={stage}&skip=0")).ShouldContain(name);
        (await manager.GetAsync($"/Sales/Opportunities/Details/{deal}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await XlsxText(await manager.GetAsync("/Sales/Opportunities/Export?q=" + Uri.EscapeDataString(name)))).ShouldContain(name);

        // Every post needs its anti-forgery token.
        (await owner.PostAsync("/Sales/Board/Move", new FormUrlEncodedContent([new("Id", deal.ToString())]))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_bad_deal_form_comes_back_with_every_error_and_loses_nothing()
    {
        var (_, rep) = await UserAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var response = await rep.PostForm("/Sales/Opportunities/Create", "/Sales/Opportunities/Save",
            ("Name", "تمدید قرارداد"), ("Customer", $"Contact:{Guid.NewGuid()}"), ("Amount", "دوازده"), ("ExpectedClose", "1405/13/40"), ("Probability", "140"),
            ("NextStep", "ارسال پیش‌فاکتور"), ("Competitors[0].Name", "رقیب الف"), ("Competitors[0].Price", "ارزان"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("مشتری را برگزینید");
        html.ShouldContain("مبلغ را با رقم بنویسید");
        html.ShouldContain("تاریخ معتبری وارد کنید");
        html.ShouldContain("عددی از ۰ تا ۱۰۰ وارد کنید");
        html.ShouldContain("value=\"ارسال پیش‌فاکتور\"");
        html.ShouldContain("value=\"رقیب الف\"");
        App.Query(db => db.Set<Opportunity>().Count(o => o.Name == "تمدید قرارداد")).ShouldBe(0);
    }

    [Fact]
    public async Task A_price_book_price_flows_into_the_products_of_a_deal()
    {
        var admin = App.Browser();
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        var code = Unique("P-");
        (await admin.PostForm("/Sales/Products/Create", "/Sales/Products/Save", ("Code", code), ("Name", "دستگاه کارت‌خوان"), ("EnglishName", "Card reader"),
            ("Unit", "عدد"), ("BasePrice", "۱۲٬۰۰۰٬۰۰۰"), ("VatRate", "10"), ("Category", "سخت‌افزار"), ("IsActive", "true"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var product = App.Query(db => db.Set<Product>().Single(p => p.Code == code));
        product.BasePrice.ShouldBe(12_000_000L);
        (await admin.PostForm("/Sales/Products/Create", "/Sales/Products/Save", ("Code", code), ("Name", "تکراری"), ("Unit", "عدد"), ("BasePrice", "1"), ("VatRate", "10")))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var bookName = Unique("عمده‌فروشی ");
        var form = await admin.GetStringAsync("/Sales/Products/PriceBook");
        var index = System.Text.RegularExpressions.Regex.Match(form, $"name=\"Entries\\[(\\d+)\\].ProductId\" value=\"{product.Id}\"").Groups[1].Value;
        (await admin.PostForm("/Sales/Products/PriceBook", "/Sales/Products/SavePriceBook", ("Name", bookName), ("IsActive", "true"),
            ($"Entries[{index}].ProductId", product.Id.ToString()), ($"Entries[{index}].Discount", "۱۰"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var book = App.Query(db => db.Set<PriceBook>().Single(b => b.Name == PersianText.Clean(bookName)));

        var contact = await NewContact(admin);
        var deal = IdFrom(await admin.PostForm("/Sales/Opportunities/Create", "/Sales/Opportunities/Save",
            ("Name", "تجهیز شعب"), ("Customer", $"Contact:{contact}"), ("PriceBookId", book.Id.ToString()), ("Source", "Phone"),
            ("Lines[0].ProductId", product.Id.ToString()), ("Lines[0].Quantity", "۳")));
        var saved = App.Query(db => db.Set<Opportunity>().Include(o => o.Lines).Single(o => o.Id == deal));
        saved.Lines.Single().UnitPrice.ShouldBe(10_800_000L);
        saved.Lines.Single().Quantity.ShouldBe(3m);
        saved.Amount.ShouldBe(32_400_000L);
        saved.PriceBookId.ShouldBe(book.Id);
        (await admin.GetStringAsync($"/Sales/Opportunities/Details/{deal}")).ShouldContain(PersianText.Clean("دستگاه کارت‌خوان"));
    }

    [Fact]
    public async Task Board_columns_count_and_total_their_deals_and_follow_the_filters()
    {
        var admin = App.Browser();
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        var name = Unique("فروش عمده ");
        (await admin.PostForm("/Sales/Processes/Create", "/Sales/Processes/Save", ("Name", name), ("WonName", "برد"), ("LostName", "باخت"),
            ("Stages[0].Name", "تماس"), ("Stages[0].Probability", "10"), ("Stages[1].Name", "پیشنهاد"), ("Stages[1].Probability", "40"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var process = App.Query(db => db.Set<SalesProcess>().Include(p => p.Stages).Single(p => p.Name == name));
        var (first, second) = (process.OpenStages.First(), process.OpenStages.Last());
        var team = await App.NewTeamAsync();
        var (repId, rep) = await UserAsync(CrmRoles.SalesRep, team);
        var (_, teammate) = await UserAsync(CrmRoles.SalesRep, team);
        var contact = await NewContact(rep);
        var small = await NewDeal(rep, contact, "الف", process.Id, "1000000");
        var big = IdFrom(await rep.PostForm("/Sales/Opportunities/Create", "/Sales/Opportunities/Save",
            ("Name", "ب"), ("Customer", $"Contact:{contact}"), ("Amount", "3,000,000"), ("Probability", "50"), ("ProcessId", process.Id.ToString()), ("Source", "Phone")));
        var later = await NewDeal(rep, contact, "ج", process.Id, "2000000");
        (await Move(rep, later, Deal(later).Version, second.Id)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var lost = await NewDeal(rep, contact, "د", process.Id, "500000");
        var reason = App.Query(db => db.Set<Tag>().First(t => db.Set<TagGroup>().Any(g => g.Id == t.GroupId && g.SystemKey == TagGroupKeys.LossReasons)).Id);
        (await Move(rep, lost, Deal(lost).Version, process.Lost.Id, ("LossReasonTagId", reason.ToString()))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await NewDeal(teammate, await NewContact(teammate), "ه", process.Id, "7000000");
        (await rep.PostForm($"/Sales/Opportunities/Details/{big}", "/Tags/Tags/Add", ("record", $"Opportunity:{big}"), ("names", "کلان"), ("returnUrl", "/")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var tag = App.Query(db => db.Set<TagLink>().Single(l => l.RecordId == big && l.RecordType == RecordTypes.Opportunity).TagId);

        async Task<Dictionary<Guid, (string Count, string Total, string Weighted)>> Totals(string filter)
        {
            var json = await rep.GetStringAsync($"/Sales/Board/Totals?process={process.Id}&culture=en-US&ui-culture=en-US{filter}");
            return JsonDocument.Parse(json).RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("stage").GetGuid(),
                e => (e.GetProperty("count").GetString()!, e.GetProperty("total").GetString()!, e.GetProperty("weighted").GetString()!));
        }

        var all = await Totals("");
        all[first.Id].ShouldBe(("3", "11,000,000 rials", "2,300,000 rials"));
        all[second.Id].ShouldBe(("1", "2,000,000 rials", "800,000 rials"));
        all[process.Lost.Id].ShouldBe(("1", "500,000 rials", "0 rials"));
        all.ContainsKey(process.Won.Id).ShouldBeFalse();
        (await Totals($"&owner={repId}"))[first.Id].ShouldBe(("2", "4,000,000 rials", "1,600,000 rials"));
        (await Totals($"&tag={tag}"))[first.Id].ShouldBe(("1", "3,000,000 rials", "1,500,000 rials"));
        (await Totals($"&tag={tag}")).ContainsKey(second.Id).ShouldBeFalse();

        var cards = await rep.GetStringAsync($"/Sales/Board/Cards?process={process.Id}&stage={first.Id}&owner={repId}&skip=0");
        cards.ShouldContain($"data-id=\"{small}\"");
        cards.ShouldContain($"data-id=\"{big}\"");
        cards.ShouldNotContain("ه</a>");

        // A stage that still holds open deals cannot be taken out of the process.
        var form = await admin.PostForm($"/Sales/Processes/Edit/{process.Id}", "/Sales/Processes/Save", ("Id", process.Id.ToString()), ("Version", process.Version.ToString()),
            ("Name", name), ("WonName", "برد"), ("LostName", "باخت"), ("Stages[0].Id", first.Id.ToString()), ("Stages[0].Name", "تماس"), ("Stages[0].Remove", "true"),
            ("Stages[1].Id", second.Id.ToString()), ("Stages[1].Name", "پیشنهاد"));
        form.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await form.Content.ReadAsStringAsync()).ShouldContain("هنوز فرصت باز دارد");
        App.Query(db => db.Set<Stage>().Single(s => s.Id == first.Id).IsActive).ShouldBeTrue();
    }

    [Fact]
    public async Task Targets_per_rep_and_team_are_set_by_managers_and_set_against_what_was_won_this_month()
    {
        var team = await App.NewTeamAsync();
        var (repId, rep) = await UserAsync(CrmRoles.SalesRep, team);
        var (_, manager) = await UserAsync(CrmRoles.SalesManager, null);
        var today = JalaliDate.ToJalali(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran"))));
        (await manager.PostForm("/Sales/Targets", "/Sales/Targets/Save", ("year", today.Year.ToString()), ("month", today.Month.ToString()),
            ("targets[0].HolderId", repId.ToString()), ("targets[0].Team", "false"), ("targets[0].Amount", "10,000,000"), ("targets[0].Deals", "2"),
            ("targets[1].HolderId", team.ToString()), ("targets[1].Team", "true"), ("targets[1].Amount", "۵۰٬۰۰۰٬۰۰۰"), ("targets[1].Deals", "5")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        App.Query(db => db.Set<SalesTarget>().Single(t => t.UserId == repId && t.Year == today.Year && t.Month == today.Month).Amount).ShouldBe(10_000_000L);
        App.Query(db => db.Set<SalesTarget>().Single(t => t.UserId == null && t.TeamId == team).Amount).ShouldBe(50_000_000L);

        var deal = await NewDeal(rep, await NewContact(rep), "فروش ماه", amount: "4000000");
        (await Move(rep, deal, Deal(deal).Version, DefaultProcess().Won.Id)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await rep.GetStringAsync("/Sales/Targets?culture=en-US&ui-culture=en-US");
        page.ShouldContain("aria-valuenow=\"40\"");
        page.ShouldContain("aria-valuenow=\"8\"");
        page.ShouldNotContain("targets[0].Amount\" value");
        (await rep.PostForm("/Sales/Targets", "/Sales/Targets/Save", ("year", today.Year.ToString()), ("month", today.Month.ToString()),
            ("targets[0].HolderId", repId.ToString()), ("targets[0].Amount", "1"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Each_role_is_refused_what_it_may_not_do_in_sales()
    {
        var team = await App.NewTeamAsync();
        var (_, rep) = await UserAsync(CrmRoles.SalesRep, team);
        var (_, marketer) = await UserAsync(CrmRoles.Marketer, team);
        var (_, support) = await UserAsync(CrmRoles.SupportAgent, team);
        var (_, outsider) = await UserAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var deal = await NewDeal(rep, await NewContact(rep), "قرارداد نگهداری");
        var lead = await NewLead(rep, Unique("شرکت "));
        var item = DefaultProcess().Stages.SelectMany(s => s.Checklist).Select(c => c.Id).FirstOrDefault();

        // Support staff have no sales pages at all.
        foreach (var page in new[] { "/Sales/Board", "/Sales/Opportunities", $"/Sales/Opportunities/Details/{deal}", "/Sales/Products", "/Sales/Targets" })
        {
            (await support.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, page);
        }

        // A marketer reads the pipeline but changes nothing in it.
        (await marketer.GetAsync("/Sales/Board")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await marketer.GetAsync($"/Sales/Opportunities/Details/{deal}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await marketer.GetAsync("/Sales/Opportunities/Create")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await marketer.GetAsync($"/Sales/Conversion/Convert/{lead}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Move(marketer, deal, Deal(deal).Version, DefaultProcess().Won.Id)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await marketer.PostForm("/Sales/Board", $"/Sales/Opportunities/Delete/{deal}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await marketer.GetStringAsync($"/Leads/Leads/Details/{lead}")).ShouldNotContain("convert-lead");

        // A rep works deals but not the catalog, price books, targets or commission rules.
        (await rep.GetAsync("/Sales/Products/PriceBook")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await rep.PostForm("/Sales/Board", "/Sales/Products/SavePriceBook", ("Name", "x"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await rep.PostForm("/Sales/Board", "/Sales/Products/Save", ("Code", "x"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await rep.PostForm("/Sales/Board", "/Sales/Targets/AddRule", ("name", "x"), ("percent", "5"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        App.Query(db => db.Set<CommissionRule>().Count(r => r.Name == "x")).ShouldBe(0);

        // Another team's rep cannot touch the deal by any door.
        (await outsider.PostForm("/Sales/Board", $"/Sales/Opportunities/Tick/{deal}", ("item", item.ToString()), ("done", "true"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.PostForm("/Sales/Board", $"/Sales/Opportunities/Delete/{deal}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.PostForm("/Sales/Board", "/Sales/Opportunities/Save", ("Id", deal.ToString()), ("Version", Deal(deal).Version.ToString()), ("Name", "ربوده"),
            ("Customer", $"Contact:{Deal(deal).ContactId}"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Deal(deal).Name.ShouldBe("قرارداد نگهداری");
        Deal(deal).IsDeleted.ShouldBeFalse();
    }
}

public sealed class SqliteSalesTests(SqliteAppFixture fixture) : SalesTests<SqliteAppFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresSalesTests(PostgresAppFixture fixture) : SalesTests<PostgresAppFixture>(fixture);
