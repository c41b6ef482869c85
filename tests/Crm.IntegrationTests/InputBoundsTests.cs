using System.Net;
using Crm.Modules.Contacts.Domain;
using Crm.Modules.Leads.Domain;
using Crm.Modules.Notifications.Domain;
using Crm.Modules.Sales.Domain;
using Crm.SharedKernel.Security;
using Microsoft.EntityFrameworkCore;

namespace Crm.IntegrationTests;

/// <summary>
/// Input that one user types to hurt everyone else: amounts that overflow the company's sums, values longer than their
/// columns, direction overrides, dates outside the calendar, echoes that swell a cookie, and names leaked by mentions
/// and tag counts. Each runs on both databases.
/// </summary>
public abstract class InputBoundsTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : AppFixture
{
    private const string Largest = "999999999999999";

    private CrmAppFactory App => fixture.App;

    [Fact]
    public async Task Huge_deals_neither_pass_the_bound_nor_take_the_board_and_reports_down()
    {
        var team = await App.NewTeamAsync();
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, team);
        var manager = await App.SignedInAsync(CrmRoles.SalesManager, team);
        var contact = await NewContactAsync(rep);

        var tooLarge = await NewDealAsync(rep, contact, "1000000000000000");
        tooLarge.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tooLarge.Content.ReadAsStringAsync()).ShouldContain("مبلغ را با رقم بنویسید");

        var ids = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(TestSupport.IdFrom(await NewDealAsync(rep, contact, Largest)));
        }

        // Rows written before the bound existed (or by hand) are ten times larger: their sum passes 64 bits.
        (await App.QueryAsync(db => db.Set<Opportunity>().Where(o => ids.Contains(o.Id)).ExecuteUpdateAsync(s => s.SetProperty(o => o.Amount, 999_999_999_999_999_999L))))
            .ShouldBe(10);
        App.Query(db => db.Set<Opportunity>().Where(o => ids.Contains(o.Id)).Select(o => o.Amount).ToList()).ShouldAllBe(a => a == 999_999_999_999_999_999L);

        var board = await rep.GetAsync("/Sales/Board");
        board.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await board.Content.ReadAsStringAsync()).ShouldContain("data-total=\"total\">۹٬۹۹۹٬۹۹۹٬۹۹۹٬۹۹۹٬۹۹۹٬۹۹۰ ریال");
        (await rep.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await manager.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var report in new[] { "Pipeline", "Team", "Funnel", "Marketing", "Losses", "Customers" })
        {
            (await manager.GetAsync($"/Reports/Reports/{report}?period=year")).StatusCode.ShouldBe(HttpStatusCode.OK, report);
            (await manager.GetAsync($"/Reports/Reports/{report}?period=year&export=xlsx")).StatusCode.ShouldBe(HttpStatusCode.OK, report);
        }

        (await manager.GetAsync("/Sales/Targets")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Text_longer_than_its_column_is_refused_with_the_limit_and_nothing_is_stored()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var name = TestSupport.Unique("long");
        var contact = await rep.PostForm("/Contacts/Contacts/Create", "/Contacts/Contacts/Save",
            ("FirstName", new string('ب', 100_000)), ("LastName", name), ("Notes", new string('n', 5000)), ("Source", "Phone"), ("Rating", "0"));
        contact.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await contact.Content.ReadAsStringAsync();
        html.ShouldContain("حداکثر ۱۰۰ نویسه.");
        html.ShouldContain("حداکثر ۴٬۰۰۰ نویسه.");
        App.Query(db => db.Set<Contact>().Count(c => c.LastName == name)).ShouldBe(0);

        var organization = await rep.PostForm("/Contacts/Organizations/Create", "/Contacts/Organizations/Save",
            ("Name", name), ("Website", "javascript:alert(document.cookie)"), ("Source", "Phone"), ("Rating", "0"));
        organization.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await organization.Content.ReadAsStringAsync()).ShouldContain("نشانی وب باید با http:// یا https:// شروع شود.");
        App.Query(db => db.Set<Organization>().Count(o => o.Name == name)).ShouldBe(0);

        var lead = await rep.PostForm("/Leads/Leads/Create", "/Leads/Leads/Save",
            ("FirstName", "سارا"), ("LastName", name), ("Mobile", TestSupport.Mobile()), ("Company", new string('c', 300)), ("Source", "Instagram"), ("Status", "New"));
        lead.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await lead.Content.ReadAsStringAsync()).ShouldContain("حداکثر ۲۰۰ نویسه.");
        App.Query(db => db.Set<Lead>().Count(l => l.LastName == name)).ShouldBe(0);
    }

    [Fact]
    public async Task Direction_overrides_are_not_stored_but_Persian_joiners_are()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var marker = TestSupport.Unique("bidi");
        var id = TestSupport.IdFrom(await rep.PostForm("/Contacts/Contacts/Create", "/Contacts/Contacts/Save",
            ("FirstName", "می\u200Cخواهم"), ("LastName", marker), ("JobTitle", "invoice\u202Etxt.exe\u2066x\u2069"), ("Notes", "\u202Dnote\u202C"), ("Source", "Phone"), ("Rating", "0")));
        var stored = App.Query(db => db.Set<Contact>().Single(c => c.Id == id));
        stored.FirstName.ShouldBe("می\u200Cخواهم");
        stored.JobTitle.ShouldBe("invoicetxt.exex");
        stored.Notes.ShouldBe("note");
    }

    [Fact]
    public async Task A_date_outside_the_calendar_gives_a_clear_message()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        foreach (var date in new[] { "0001/01/01", "9378/12/29", "۱۲۰۰/۰۱/۰۱" })
        {
            var response = await rep.GetAsync($"/Activities/Calendar?date={Uri.EscapeDataString(date)}&view=week");
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, date);
            var cal = await rep.GetStringAsync(response.Headers.Location!.ToString());
            cal.ShouldContain("تاریخ معتبر وارد کنید.");
        }
    }

    [Fact]
    public async Task A_long_value_cannot_swell_the_cookie_and_lock_the_user_out()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var contact = await NewContactAsync(rep);
        var response = await rep.PostForm($"/Contacts/Contacts/Details/{contact}", "/Tags/Tags/Add",
            ("record", $"Contact:{contact}"), ("names", new string('x', 100_000)), ("returnUrl", "/"));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.GetValues("Set-Cookie").Sum(c => c.Length).ShouldBeLessThan(4000);
        (await rep.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_mention_and_a_tag_page_tell_nothing_of_a_record_the_reader_cannot_open()
    {
        var author = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var outsiderName = TestSupport.Unique("outsider");
        var outsider = await App.CreateUserAsync(outsiderName, CrmRoles.SalesRep, TestSupport.Password, await App.NewTeamAsync());
        var secret = TestSupport.Unique("محرمانه");
        var contact = TestSupport.IdFrom(await author.PostForm("/Contacts/Contacts/Create", "/Contacts/Contacts/Save",
            ("FirstName", "کیان"), ("LastName", secret), ("Source", "Phone"), ("Rating", "0")));

        (await author.PostForm($"/Contacts/Contacts/Details/{contact}", "/Activities/Comments/Add",
            ("record", $"Contact:{contact}"), ("text", $"@{outsiderName} لطفاً ببینید"), ("returnUrl", "/"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var note = App.Query(db => db.Set<Notification>().Single(n => n.UserId == outsider.Id));
        note.PersianText.ShouldNotContain(secret);
        note.EnglishText.ShouldNotContain(secret);
        note.Url.ShouldBeNull();

        // A public tag on the hidden record: the outsider's tag page counts only what they may open.
        var tag = TestSupport.Unique("برچسب");
        await author.PostForm($"/Contacts/Contacts/Details/{contact}", "/Tags/Tags/Add", ("record", $"Contact:{contact}"), ("names", tag), ("returnUrl", "/"));
        var tagId = App.Query(db => db.Set<Crm.Modules.Tags.Domain.Tag>().Single(t => t.Name == tag).Id);
        var reader = App.Browser();
        await reader.SignInOk(outsiderName, TestSupport.Password);
        var page = await reader.GetStringAsync($"/Tags/Tags/Show/{tagId}");
        page.ShouldNotContain(secret);
        page.ShouldContain("badge text-bg-light\">۰</span>");
        (await author.GetStringAsync($"/Tags/Tags/Show/{tagId}")).ShouldContain("badge text-bg-light\">۱</span>");
    }

    [Fact]
    public async Task Quotes_can_be_mailed_only_so_many_times_an_hour_by_one_user()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var token = await rep.TokenFrom("/");
        async Task<HttpStatusCode> SendAsync() => (await rep.PostAsync($"/Invoicing/Quotes/Send/{Guid.NewGuid()}",
            new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", token), KeyValuePair.Create("email", "x@customer.example")]))).StatusCode;
        for (var i = 0; i < 30; i++)
        {
            (await SendAsync()).ShouldBe(HttpStatusCode.NotFound);
        }

        (await SendAsync()).ShouldBe(HttpStatusCode.TooManyRequests);
        var colleague = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var theirs = await colleague.PostForm("/", $"/Invoicing/Quotes/Send/{Guid.NewGuid()}", ("email", "x@customer.example"));
        theirs.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static async Task<Guid> NewContactAsync(HttpClient client) =>
        TestSupport.IdFrom(await client.PostForm("/Contacts/Contacts/Create", "/Contacts/Contacts/Save",
            ("FirstName", "مینا"), ("LastName", TestSupport.Unique("x")), ("Phones[0].Type", "Mobile"), ("Phones[0].Number", TestSupport.Mobile()), ("Source", "Phone"), ("Rating", "0")));

    private static Task<HttpResponseMessage> NewDealAsync(HttpClient client, Guid contact, string amount) =>
        client.PostForm("/Sales/Opportunities/Create", "/Sales/Opportunities/Save",
            ("Name", TestSupport.Unique("deal")), ("Customer", $"Contact:{contact}"), ("Amount", amount), ("ProcessId", ""), ("Source", "Referral"));
}

public sealed class SqliteInputBoundsTests(SqliteAppFixture fixture) : InputBoundsTests<SqliteAppFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresInputBoundsTests(PostgresAppFixture fixture) : InputBoundsTests<PostgresAppFixture>(fixture);
