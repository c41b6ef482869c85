using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Leads.Domain;
using Crm.SharedKernel.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Crm.IntegrationTests.TestSupport;

namespace Crm.IntegrationTests;

/// <summary>Leads: quick capture, duplicates against leads and contacts, round robin, merge, visibility and import, on each database provider.</summary>
public abstract partial class LeadsTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : AppFixture
{
    private CrmAppFactory App => fixture.App;

    private static Task<HttpResponseMessage> QuickLead(HttpClient client, string name, string mobile, bool ignoreDuplicates = false) =>
        client.PostForm("/Leads/Leads/Quick", "/Leads/Leads/Save",
            [("Quick", "true"), ("Name", name), ("Mobile", mobile), ("Source", "WalkIn"), .. ignoreDuplicates ? new[] { ("IgnoreDuplicates", "true") } : []]);

    private static Task<HttpResponseMessage> FullLead(HttpClient client, params (string, string)[] fields) =>
        client.PostForm("/Leads/Leads/Create", "/Leads/Leads/Save", fields);

    [Fact]
    public async Task A_quick_lead_is_found_by_its_number_typed_another_way_and_a_second_one_warns_first()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var mobile = Mobile();
        var name = Unique("نگار ");
        var id = IdFrom(await QuickLead(rep, name, mobile));
        var key = mobile[1..];
        var lead = App.Query(db => db.Set<Lead>().Single(x => x.Id == id));
        lead.MobileKey.ShouldBe(key);
        lead.Status.ShouldBe(LeadStatus.New);
        lead.OwnerId.ShouldNotBeNull();

        var typedAnotherWay = Crm.SharedKernel.Localization.Digits.ToPersian("0098 " + mobile[1..4] + "-" + mobile[4..]);
        (await rep.GetStringAsync("/Leads/Leads?q=" + Uri.EscapeDataString(typedAnotherWay))).ShouldContain(id.ToString());

        var second = await QuickLead(rep, "someone else", "+98" + mobile[1..]);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await second.Content.ReadAsStringAsync();
        html.ShouldContain("id=\"duplicates\"");
        html.ShouldContain($"/Leads/Leads/Details/{id}");
        App.Query(db => db.Set<Lead>().Count(x => x.MobileKey == key)).ShouldBe(1);

        IdFrom(await QuickLead(rep, "someone else", "+98" + mobile[1..], ignoreDuplicates: true));
        App.Query(db => db.Set<Lead>().Count(x => x.MobileKey == key)).ShouldBe(2);
    }

    [Fact]
    public async Task A_lead_with_the_mobile_of_an_existing_contact_warns_about_the_contact()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var mobile = Mobile();
        var contact = IdFrom(await rep.PostForm("/Contacts/Contacts/Create", "/Contacts/Contacts/Save",
            ("FirstName", "کاوه"), ("LastName", Unique("x")), ("Phones[0].Type", "Mobile"), ("Phones[0].Number", mobile), ("Source", "Phone"), ("Rating", "0")));

        var response = await QuickLead(rep, "کاوه", mobile);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain($"/Contacts/Contacts/Details/{contact}");
    }

    [Fact]
    public async Task Invalid_input_gets_localized_errors_and_nothing_is_saved()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var name = Unique("bad");
        var response = await FullLead(rep, ("FirstName", name), ("Mobile", "12345"), ("Email", "nope"), ("Status", "Unqualified"), ("Source", "Phone"), ("Rating", "0"),
            ("Priority", "Normal"), ("NextFollowUp", "1405/13/40"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("شمارهٔ تلفن معتبر نیست");
        html.ShouldContain("بگویید چرا این سرنخ بی‌ارزش است");
        App.Query(db => db.Set<Lead>().Any(x => x.FirstName == name)).ShouldBeFalse();

        var quick = await QuickLead(rep, "", "");
        (await quick.Content.ReadAsStringAsync()).ShouldContain("شمارهٔ موبایل یا ایمیل را وارد کنید");
    }

    [Fact]
    public async Task The_quick_form_hands_new_leads_round_the_team_and_whoever_is_handed_leads_is_notified()
    {
        var team = await App.NewTeamAsync();
        var colleague = await App.CreateUserAsync(Unique("member"), CrmRoles.SalesRep, Password, team);
        var receptionistName = Unique("reception");
        var receptionist = await App.CreateUserAsync(receptionistName, CrmRoles.SalesRep, Password, team);
        var manager = await App.SignedInAsync(CrmRoles.SalesManager, null);
        (await manager.PostForm("/Leads/LeadAssignment", "/Leads/LeadAssignment/Set", ("teamId", team.ToString()), ("active", "true"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var desk = App.Browser();
        await desk.SignInOk(receptionistName, Password);

        var quick = new[] { IdFrom(await QuickLead(desk, Unique("الف"), Mobile())), IdFrom(await QuickLead(desk, Unique("ب"), Mobile())) };
        var owners = App.Query(db => db.Set<Lead>().Where(x => quick.Contains(x.Id)).Select(x => new { x.Id, x.OwnerId }).ToList());
        owners.Select(o => o.OwnerId).ShouldBe([colleague.Id, receptionist.Id], ignoreOrder: true);
        var handed = owners.Single(o => o.OwnerId == colleague.Id).Id;
        var notes = App.Query(db => db.Set<Crm.Modules.Notifications.Domain.Notification>().Where(n => n.UserId == colleague.Id).ToList());
        notes.Count.ShouldBe(1);
        notes[0].PersianText.ShouldStartWith("سرنخی به شما سپرده شد: ");
        notes[0].Url.ShouldBe($"/Leads/Leads/Details/{handed}");
        App.Query(db => db.Set<Crm.Modules.Notifications.Domain.Notification>().Count(n => n.UserId == receptionist.Id)).ShouldBe(0); // kept their own: nothing to say

        // Handed over in bulk: one notification saying how many, in Persian digits.
        var mine = new[] { IdFrom(await QuickLead(manager, Unique("پ"), Mobile())), IdFrom(await QuickLead(manager, Unique("ت"), Mobile())) };
        (await manager.PostForm("/Leads/Leads", "/Leads/Leads/Bulk", ("ids", mine[0].ToString()), ("ids", mine[1].ToString()), ("operation", "assign"), ("assignTo", colleague.Id.ToString())))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        App.Query(db => db.Set<Lead>().Count(x => mine.Contains(x.Id) && x.OwnerId == colleague.Id)).ShouldBe(2);
        App.Query(db => db.Set<Crm.Modules.Notifications.Domain.Notification>().Where(n => n.UserId == colleague.Id).Select(n => n.PersianText).ToList())
            .ShouldContain("۲ سرنخ به شما سپرده شد");
    }

    [Fact]
    public async Task Round_robin_shares_new_leads_evenly_among_the_active_members_of_the_team()
    {
        var team = await App.NewTeamAsync();
        var members = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            members.Add((await App.CreateUserAsync(Unique("member"), CrmRoles.SalesRep, Password, team)).Id);
        }

        var manager = await App.SignedInAsync(CrmRoles.SalesManager, null);
        (await manager.PostForm("/Leads/LeadAssignment", "/Leads/LeadAssignment/Set", ("teamId", team.ToString()), ("active", "true"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var receptionist = await App.SignedInAsync(CrmRoles.SalesRep, team);
        var allMembers = App.Query(db => db.Set<Crm.Modules.Identity.Domain.ApplicationUser>().Where(u => u.TeamId == team).Select(u => u.Id).ToList());
        allMembers.Count.ShouldBe(4);

        var ids = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add(IdFrom(await FullLead(receptionist, ("FirstName", Unique("rr")), ("Mobile", Mobile()), ("Source", "Website"), ("Status", "New"), ("Rating", "0"),
                ("Priority", "Normal"), ("AssignTo", "auto"))));
        }

        var owners = App.Query(db => db.Set<Lead>().Where(x => ids.Contains(x.Id)).OrderBy(x => x.Id).Select(x => x.OwnerId!.Value).ToList());
        owners.GroupBy(o => o).Select(g => g.Count()).Order().ShouldBe([2, 2, 2, 2]);
        owners.ShouldAllBe(o => allMembers.Contains(o));
        // In turn: the same order of members repeats.
        owners.Skip(4).ShouldBe(owners.Take(4));
    }

    [Fact]
    public async Task A_rep_cannot_open_list_search_export_or_bulk_change_another_teams_lead()
    {
        var owner = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var stranger = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var name = Unique("Secret");
        var mobile = Mobile();
        var id = IdFrom(await QuickLead(owner, name, mobile));

        (await stranger.GetAsync($"/Leads/Leads/Details/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetAsync($"/Leads/Leads/Edit/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetStringAsync("/Leads/Leads?q=" + name)).ShouldNotContain(id.ToString());
        (await stranger.GetStringAsync("/Leads/Leads?q=" + mobile)).ShouldNotContain(id.ToString());
        (await XlsxText(await stranger.GetAsync("/Leads/Leads/Export?q=" + name))).ShouldNotContain(name);
        await stranger.PostForm("/Leads/Leads", "/Leads/Leads/Bulk", ("ids", id.ToString()), ("operation", "delete"));
        await stranger.PostForm("/Leads/Leads", "/Leads/Leads/Bulk", ("ids", id.ToString()), ("operation", "status"), ("status", "Qualified"));
        var lead = App.Query(db => db.Set<Lead>().IgnoreQueryFilters().Single(x => x.Id == id));
        lead.IsDeleted.ShouldBeFalse();
        lead.Status.ShouldBe(LeadStatus.New);
        (await stranger.PostForm("/Leads/Leads", $"/Leads/Leads/Delete/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var manager = await App.SignedInAsync(CrmRoles.SalesManager, null);
        (await XlsxText(await manager.GetAsync("/Leads/Leads/Export?q=" + name))).ShouldContain(name);
        (await owner.GetAsync($"/Leads/Leads/Details/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The owner's bulk change says how many, in Persian digits.
        var second = IdFrom(await QuickLead(owner, Unique("y"), Mobile()));
        var done = await owner.PostForm("/Leads/Leads", "/Leads/Leads/Bulk", ("ids", id.ToString()), ("ids", second.ToString()), ("operation", "status"), ("status", "Contacted"));
        done.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        WebUtility.HtmlDecode(await owner.GetStringAsync(done.Headers.Location!.ToString())).ShouldContain("برای ۲ رکورد انجام شد.");
    }

    [Fact]
    public async Task A_leads_next_follow_up_is_the_day_its_earliest_open_task_is_due()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var name = Unique("پیگیری");
        var id = IdFrom(await QuickLead(rep, name, Mobile()));
        App.Query(db => db.Set<Lead>().Single(x => x.Id == id).NextFollowUp).ShouldBeNull();
        var today = App.Services.GetRequiredService<Crm.SharedKernel.Localization.IDisplayFormatter>().Today();

        async Task<Guid> PlanTask(int inDays)
        {
            var subject = Unique("تماس پیگیری ");
            (await rep.PostForm($"/Activities/Activities/Create?record=Lead:{id}&kind=Task", "/Activities/Activities/Save",
                ("Record", $"Lead:{id}"), ("Kind", "Task"), ("Subject", subject),
                ("Date", Crm.SharedKernel.Localization.Digits.ToPersian(Crm.SharedKernel.Localization.JalaliDate.Format(today.AddDays(inDays)))), ("Time", "10:00")))
                .StatusCode.ShouldBe(HttpStatusCode.Redirect);
            return App.Query(db => db.Set<Crm.Modules.Activities.Domain.Activity>().Single(a => a.Subject == subject).Id);
        }

        var later = await PlanTask(5);
        App.Query(db => db.Set<Lead>().Single(x => x.Id == id).NextFollowUp).ShouldBe(today.AddDays(5));
        var sooner = await PlanTask(2);
        App.Query(db => db.Set<Lead>().Single(x => x.Id == id).NextFollowUp).ShouldBe(today.AddDays(2));

        // The list shows it, in Jalali.
        var list = WebUtility.HtmlDecode(await rep.GetStringAsync("/Leads/Leads?q=" + Uri.EscapeDataString(name)));
        list.ShouldContain(Crm.SharedKernel.Localization.Digits.ToPersian(Crm.SharedKernel.Localization.JalaliDate.FormatLong(today.AddDays(2))));

        // Done: the next open one; the last one done: nothing planned.
        (await rep.PostForm("/Leads/Leads", $"/Activities/Activities/Done/{sooner}", ("done", "true"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        App.Query(db => db.Set<Lead>().Single(x => x.Id == id).NextFollowUp).ShouldBe(today.AddDays(5));
        (await rep.PostForm("/Leads/Leads", $"/Activities/Activities/Delete/{later}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        App.Query(db => db.Set<Lead>().Single(x => x.Id == id).NextFollowUp).ShouldBeNull();
        (await rep.PostForm("/Leads/Leads", $"/Activities/Activities/Done/{sooner}", ("done", "false"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        App.Query(db => db.Set<Lead>().Single(x => x.Id == id).NextFollowUp).ShouldBe(today.AddDays(2));
    }

    [Fact]
    public async Task Pages_and_actions_are_refused_to_roles_without_the_permission()
    {
        var agent = await App.SignedInAsync(CrmRoles.SupportAgent, await App.NewTeamAsync());
        (await agent.GetAsync("/Leads/Leads")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await agent.GetAsync("/Imports/New?target=leads")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        (await rep.GetAsync("/Leads/LeadAssignment")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var token = await rep.TokenFrom("/Leads/Leads");
        (await rep.PostAsync("/Leads/LeadAssignment/Set", new FormUrlEncodedContent([new("teamId", Guid.NewGuid().ToString()), new("active", "true"), new("__RequestVerificationToken", token)])))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var id = IdFrom(await QuickLead(rep, Unique("x"), Mobile()));
        (await rep.PostAsync($"/Leads/Leads/Delete/{id}", new FormUrlEncodedContent([]))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Leads_are_found_by_surname_full_name_a_word_inside_the_company_phone_and_email_like_contacts()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var (first, last, word) = (Unique("مریم"), Unique("صادقی"), Unique("نمونه"));
        var mobile = Mobile();
        var email = Unique("maryam") + "@example.com";
        var id = IdFrom(await FullLead(rep, ("FirstName", first), ("LastName", last), ("Mobile", mobile), ("Email", email),
            ("Company", $"شركت {word} تجارت"), ("Source", "Website"), ("Status", "New"), ("Rating", "0"), ("Priority", "Normal")));

        async Task<bool> Finds(string term) => (await rep.GetStringAsync("/Leads/Leads?q=" + Uri.EscapeDataString(term))).Contains(id.ToString());
        (await Finds(last)).ShouldBeTrue("surname");
        (await Finds(first)).ShouldBeTrue("first name");
        (await Finds(first + " " + last)).ShouldBeTrue("full name");
        (await Finds(word)).ShouldBeTrue("a word inside the company (typed with a Persian kaf where the company has an Arabic one)");
        (await Finds(word + " تجارت")).ShouldBeTrue("two words inside the company");
        (await Finds(Crm.SharedKernel.Localization.Digits.ToPersian(mobile[..4] + " " + mobile[4..]))).ShouldBeTrue("phone in another format");
        (await Finds(email.ToUpperInvariant())).ShouldBeTrue("email");

        // An edit moves the words with it: the old surname finds nothing, the new one finds the lead.
        var version = App.Query(db => db.Set<Lead>().Single(x => x.Id == id).Version);
        var newLast = Unique("کریمی");
        (await rep.PostForm($"/Leads/Leads/Edit/{id}", "/Leads/Leads/Save", ("Id", id.ToString()), ("Version", version.ToString()), ("FirstName", first),
            ("LastName", newLast), ("Mobile", mobile), ("Email", email), ("Company", "Beta"), ("Source", "Website"), ("Status", "New"), ("Rating", "0"),
            ("Priority", "Normal"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Finds(newLast)).ShouldBeTrue("new surname");
        (await Finds(last)).ShouldBeFalse("old surname");
        (await Finds(word)).ShouldBeFalse("old company");

        // Leads saved before the words existed are filled in at start-up.
        await App.QueryAsync(db => db.Set<LeadSearchWord>().Where(w => w.LeadId == id).ExecuteDeleteAsync());
        (await Finds(newLast)).ShouldBeFalse("words removed");
        using (var scope = App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetServices<Crm.SharedKernel.Modules.IModuleInitializer>().OfType<Crm.Modules.Leads.Features.LeadsInitializer>().Single().InitializeAsync(default);
        }

        (await Finds(newLast)).ShouldBeTrue("backfilled");

        var stranger = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        (await stranger.GetStringAsync("/Leads/Leads?q=" + Uri.EscapeDataString(newLast))).ShouldNotContain(id.ToString());
    }

    [Fact]
    public async Task Merging_two_leads_keeps_both_sets_of_details_and_the_merged_one_for_history()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var last = Unique("محمدی");
        var first = IdFrom(await FullLead(rep, ("FirstName", "زهرا"), ("LastName", last), ("Mobile", Mobile()), ("Source", "Instagram"), ("Status", "Contacted"),
            ("Rating", "2"), ("Priority", "Normal"), ("Notes", "wants the blue one")));
        var otherEmail = Unique("z") + "@example.com";
        var second = IdFrom(await FullLead(rep, ("FirstName", "زهرا"), ("LastName", last), ("Email", otherEmail), ("Company", "Gamma"), ("Source", "Website"),
            ("Status", "New"), ("Rating", "4"), ("Priority", "High"), ("Notes", "asked for a quote"), ("IgnoreDuplicates", "true")));

        (await rep.GetStringAsync($"/Leads/Leads/Details/{first}")).ShouldContain($"/Leads/Leads/Merge/{first}?other={second}");
        (await rep.PostForm($"/Leads/Leads/Merge/{first}?other={second}", $"/Leads/Leads/Merge/{first}?other={second}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var survivor = App.Query(db => db.Set<Lead>().Single(x => x.Id == first));
        survivor.Email.ShouldBe(otherEmail);
        survivor.Company.ShouldBe("Gamma");
        survivor.Rating.ShouldBe(4);
        survivor.Priority.ShouldBe(LeadPriority.High);
        survivor.Notes!.ShouldContain("wants the blue one");
        survivor.Notes!.ShouldContain("asked for a quote");
        var merged = App.Query(db => db.Set<Lead>().IgnoreQueryFilters().Single(x => x.Id == second));
        merged.IsDeleted.ShouldBeTrue();
        merged.MergedIntoId.ShouldBe(first);
        var redirect = await rep.GetAsync($"/Leads/Leads/Details/{second}");
        redirect.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        redirect.Headers.Location!.ToString().ShouldEndWith(first.ToString());
    }

    [Fact]
    public async Task Deleting_keeps_the_lead_and_restore_brings_it_back()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var name = Unique("gone");
        var id = IdFrom(await QuickLead(rep, name, Mobile()));
        (await rep.PostForm($"/Leads/Leads/Details/{id}", $"/Leads/Leads/Delete/{id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var list = await rep.GetStringAsync("/Leads/Leads?q=" + name);
        list.ShouldContain($"/Leads/Leads/Restore/{id}");
        list.ShouldNotContain($"/Leads/Leads/Details/{id}");
        (await rep.GetStringAsync("/Leads/Leads?deleted=true&q=" + name)).ShouldContain($"/Leads/Leads/Details/{id}");
        (await rep.PostForm($"/Leads/Leads/Details/{id}", $"/Leads/Leads/Restore/{id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await rep.GetStringAsync("/Leads/Leads?q=" + name)).ShouldContain(id.ToString());
    }

    [Theory]
    [InlineData("leads-import.xlsx")]
    [InlineData("leads-import.csv")]
    public async Task Importing_a_real_spreadsheet_reports_every_row_and_a_second_run_updates(string fileName)
    {
        // Each run gets its own team and clears the fixture's numbers, so the xlsx and csv runs do not see each other's leads.
        await App.QueryAsync(db => db.Set<Lead>().IgnoreQueryFilters().Where(x => x.MobileKey != null && x.MobileKey.StartsWith("935111")).ExecuteDeleteAsync());
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        IdFrom(await QuickLead(rep, "Old Lead", "09351115566"));

        // "POS" names no source: the user maps it to the point-of-sale device; "Billboard" is left unmapped and fails its row.
        await App.QueryAsync(db => db.ImportMappings.Where(m => m.TargetKey == "leads").ExecuteDeleteAsync());
        var first = await ImportAsync(rep, fileName, "Skip", expectRemembered: false, [("Source", "POS", "PosDevice")]);
        first.GetProperty("created").GetInt32().ShouldBe(4);
        first.GetProperty("updated").GetInt32().ShouldBe(0);
        first.GetProperty("skipped").GetInt32().ShouldBe(2);
        first.GetProperty("failed").GetInt32().ShouldBe(4);
        var importId = Guid.Parse(first.GetProperty("id").GetString()!);

        var (headers, issues) = await IssueSheet(rep, importId);
        issues.Select(r => string.Join('|', r[^3..])).ShouldBe(
        [
            "5|ناموفق|ایمیل نامعتبر: not-an-email",
            "6|ردشده|تکراریِ سرنخی موجود (همان موبایل)",
            "7|ناموفق|شمارهٔ موبایل یا ایمیل را وارد کنید.",
            "8|ناموفق|شمارهٔ موبایل نامعتبر: ١٢٣",
            "10|ردشده|تکراریِ سرنخی موجود (همان موبایل)",
            "12|ناموفق|منبع ناشناخته «Billboard»: در گام نگاشت، آن را به یکی از منبع‌ها نگاشت کنید یا خانه را درست کنید.",
        ]);

        // The error file carries each row's own cells under the file's own headers, ready to fix and import again.
        headers[..7].ShouldBe(["نام و نام خانوادگی", "موبایل", "ایمیل", "شرکت", "منبع", "امتیاز", "توضیحات"]);
        var kian = issues.Single(r => r[0] == "Kian Moradi");
        kian[4].ShouldBe("Billboard");
        kian[5].ShouldBe("2");
        issues.Single(r => r[0] == "Reza Karimi")[2].ShouldBe("not-an-email");
        App.Query(db => db.Set<Lead>().Single(x => x.MobileKey == "9351117788").Source).ShouldBe(Crm.Modules.Contacts.Contracts.CustomerSource.PosDevice);

        var ali = App.Query(db => db.Set<Lead>().Single(x => x.MobileKey == "9351112233"));
        ali.FullName.ShouldBe("علی رضایی");
        ali.Email.ShouldBe("ali.rezaei@example.com");
        ali.Company.ShouldBe("شرکت آلفا");
        ali.Source.ShouldBe(Crm.Modules.Contacts.Contracts.CustomerSource.Instagram);
        ali.Rating.ShouldBe(4);
        ali.ImportId.ShouldBe(importId);
        // Imported leads are found by surname and by a word inside the company, like saved ones.
        (await rep.GetStringAsync("/Leads/Leads?q=" + Uri.EscapeDataString("رضایی"))).ShouldContain(ali.Id.ToString());
        (await rep.GetStringAsync("/Leads/Leads?q=" + Uri.EscapeDataString("آلفا"))).ShouldContain(ali.Id.ToString());
        App.Query(db => db.Set<Lead>().Single(x => x.MobileKey == "9351114455").EmailKey).ShouldBe("sara.ahmadi@example.com");
        App.Query(db => db.Set<Lead>().Single(x => x.MobileKey == "9351118899").Source).ShouldBe(Crm.Modules.Contacts.Contracts.CustomerSource.Telegram);

        var second = await ImportAsync(rep, fileName, "Update", expectRemembered: true);
        second.GetProperty("created").GetInt32().ShouldBe(0);
        second.GetProperty("updated").GetInt32().ShouldBe(6);
        second.GetProperty("skipped").GetInt32().ShouldBe(0);
        second.GetProperty("failed").GetInt32().ShouldBe(4);
        App.Query(db => db.Set<Lead>().Count(x => x.MobileKey != null && x.MobileKey.StartsWith("935111"))).ShouldBe(5);
        App.Query(db => db.Set<Lead>().Single(x => x.MobileKey == "9351112233").Notes ?? "").ShouldContain("تکراری");

        var stranger = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        (await stranger.GetAsync($"/Imports/Progress/{importId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetAsync($"/Imports/Issues/{importId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>Upload, check the preview and the automatic mapping, start, and wait for the background job; returns the final status.</summary>
    private static async Task<JsonElement> ImportAsync(
        HttpClient client, string fileName, string duplicates, bool? expectRemembered, (string Field, string Text, string Choice)[]? values = null)
    {
        var (mapUrl, map) = await UploadAsync(client, "leads", fileName, await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", fileName)));
        map.ShouldContain("شرکت آلفا");
        map.ShouldContain("<option value=\"Mobile\" selected=\"selected\">");
        map.ShouldContain("<option value=\"FullName\" selected=\"selected\">");
        if (expectRemembered is { } remembered)
        {
            map.Contains("بار پیش برای فایلی با همین عنوان‌ها").ShouldBe(remembered);
        }

        // The source column's distinct values are listed: named ones mapped already, the others waiting for the user
        // (or, on a file mapped before, as the user mapped them then).
        foreach (var text in new[] { "اینستاگرام", "Website", "Telegram", "POS", "Billboard" })
        {
            map.ShouldContain($"value=\"{text}\"");
        }

        Regex.Count(map, "<option value=\"Instagram\" selected").ShouldBe(1);
        Regex.Count(map, "<option value=\"PosDevice\" selected").ShouldBe(expectRemembered == true ? 1 : 0);
        Regex.Count(map, "border-warning").ShouldBe(expectRemembered == true ? 1 : 2);
        return await RunImportAsync(client, mapUrl, ["FullName", "Mobile", "Email", "Company", "Source", "Rating", "Notes"], duplicates, values);
    }

    [Fact]
    public async Task A_bulk_inserted_lead_is_stored_exactly_like_a_saved_one_and_rolls_back_with_its_transaction()
    {
        var (owner, import) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        Lead Filled(string mobile)
        {
            var lead = new Lead
            {
                JobTitle = "مدیر فروش", City = "اصفهان", Source = Crm.Modules.Contacts.Contracts.CustomerSource.Instagram, Status = LeadStatus.Contacted,
                Rating = 4, Priority = LeadPriority.High, NextFollowUp = new DateOnly(2026, 12, 24), Notes = "یادداشت\nدوم", OwnerId = owner,
                ImportId = import, ConvertedAt = new DateTime(2026, 12, 1, 8, 30, 15, 123, DateTimeKind.Utc),
            };
            lead.SetName("زهرا", "كريمي");
            lead.SetMobile(mobile);
            lead.SetEmail("Zahra.Karimi@Example.com");
            lead.SetCompany("شرکت بتا");
            return lead;
        }

        var saved = Filled("09351230001");
        var bulk = Filled("09351230002");
        var empty = new Lead();
        empty.SetName("", "خالی");
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Crm.Infrastructure.Persistence.CrmDbContext>();
            var inserter = scope.ServiceProvider.GetRequiredService<Crm.SharedKernel.Domain.IBulkInserter>();
            db.Add(saved);
            await db.SaveChangesAsync();
            await inserter.InsertAsync([bulk, empty], CancellationToken.None);

            var rolledBack = new Lead();
            rolledBack.SetName("", "برگشتی");
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                await inserter.InsertAsync([rolledBack], CancellationToken.None);
                (await db.Set<Lead>().CountAsync(x => x.Id == rolledBack.Id)).ShouldBe(1);
            }

            (await db.Set<Lead>().CountAsync(x => x.Id == rolledBack.Id)).ShouldBe(0);
        }

        // Read back through EF Core by key: every property as set, and the creation stamp given.
        var read = App.Query(db => db.Set<Lead>().AsNoTracking().Single(x => x.Id == bulk.Id));
        read.CreatedAt.ShouldBe(bulk.CreatedAt, TimeSpan.FromMilliseconds(1)); // PostgreSQL keeps microseconds
        read.CreatedAt.ShouldBeGreaterThan(DateTime.UtcNow.AddMinutes(-5));
        bulk.CreatedAt = read.CreatedAt;
        read.ShouldBeEquivalentTo(bulk);
        App.Query(db => db.Set<Lead>().Single(x => x.Id == empty.Id).Mobile).ShouldBeNull();

        // Stored column by column as the save stored its twin: equal values, and the same storage types where values differ.
        var rows = await App.QueryAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT * FROM \"Leads\" WHERE \"MobileKey\" IN ('9351230001', '9351230002') ORDER BY \"MobileKey\"";
            await using var reader = await command.ExecuteReaderAsync();
            var values = new List<(string Column, object Value)[]>();
            while (await reader.ReadAsync())
            {
                values.Add(Enumerable.Range(0, reader.FieldCount).Select(i => (reader.GetName(i), reader.GetValue(i))).ToArray());
            }

            return values;
        });
        rows.Count.ShouldBe(2);
        foreach (var ((column, savedValue), (_, bulkValue)) in rows[0].Zip(rows[1]))
        {
            if (column is "Id" or "Version" or "CreatedAt" or "MobileKey" or "Mobile")
            {
                StorageShape(bulkValue).ShouldBe(StorageShape(savedValue), column);
            }
            else
            {
                bulkValue.ShouldBe(savedValue, column);
            }
        }
    }

    /// <summary>
    /// How a value is stored, whatever the value: its type, and for text the form of an id (letter case) or of a time
    /// (digits, with the fraction's length left out, as trailing zeros of a fraction are not written).
    /// </summary>
    private static string StorageShape(object value) => value switch
    {
        string text when Guid.TryParse(text, out _) => "guid text, " + (text.Any(char.IsLower) ? "lower case" : "upper case"),
        string text when DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out _) =>
            "time text " + Regex.Replace(Regex.Replace(text, "\\.[0-9]+", ".f"), "[0-9]", "9"),
        string text => "text of " + text.Length,
        _ => value.GetType().Name,
    };

    [Fact]
    public async Task Owner_choices_and_names_follow_a_staff_change_at_once()
    {
        var team = await App.NewTeamAsync();
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, team);
        (await rep.GetStringAsync("/Leads/Leads")).ShouldNotBeNull(); // the staff directory is now loaded
        var colleague = await App.CreateUserAsync(Unique("colleague"), CrmRoles.SalesRep, Password, team);
        (await rep.GetStringAsync("/Leads/Leads")).ShouldContain($"<option value=\"{colleague.Id}\">{colleague.DisplayName}</option>");

        var renamed = Unique("renamed");
        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Crm.Modules.Identity.Domain.ApplicationUser>>();
            var user = await users.FindByIdAsync(colleague.Id.ToString());
            user!.DisplayName = renamed;
            (await users.UpdateAsync(user)).Succeeded.ShouldBeTrue();
        }

        (await rep.GetStringAsync("/Leads/Leads")).ShouldContain($"<option value=\"{colleague.Id}\">{renamed}</option>");

        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Crm.Modules.Identity.Domain.ApplicationUser>>();
            var user = await users.FindByIdAsync(colleague.Id.ToString());
            user!.IsActive = false;
            (await users.UpdateAsync(user)).Succeeded.ShouldBeTrue();
        }

        (await rep.GetStringAsync("/Leads/Leads")).ShouldNotContain(colleague.Id.ToString());
    }

    /// <summary>The downloaded report of skipped and failed rows, one "row|outcome|reason" line each.</summary>
    /// <summary>The downloaded error file, read back by the app's own reader: its headers and rows.</summary>
    private async Task<(string[] Headers, List<string?[]> Rows)> IssueSheet(HttpClient client, Guid importId)
    {
        var response = await client.GetAsync($"/Imports/Issues/{importId}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var path = Path.Combine(App.DataFolder, Guid.NewGuid().ToString("N") + ".xlsx");
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        using var reader = App.Services.GetRequiredService<Crm.SharedKernel.Imports.ISpreadsheets>().Open(path);
        return ([.. reader.Headers], [.. reader.Rows().Select(r => r.Cells)]);
    }
}

public sealed class SqliteLeadsTests(SqliteAppFixture fixture) : LeadsTests<SqliteAppFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresLeadsTests(PostgresAppFixture fixture) : LeadsTests<PostgresAppFixture>(fixture);
