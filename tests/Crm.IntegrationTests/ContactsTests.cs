using System.Net;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Contacts.Domain;
using Crm.Modules.Contacts.Features;
using Crm.Modules.Contacts.Web;
using Crm.Modules.Identity.Domain;
using Crm.SharedKernel.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Crm.IntegrationTests.TestSupport;

namespace Crm.IntegrationTests;

/// <summary>Contacts: duplicate detection, merge, and who sees which record, on each database provider.</summary>
public abstract class ContactsTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : AppFixture
{
    private CrmAppFactory App => fixture.App;

    private static async Task<HttpResponseMessage> CreateContact(HttpClient client, string first, string last, string mobile, string? email = null, bool ignoreDuplicates = false)
    {
        var fields = new List<(string, string)>
        {
            ("FirstName", first), ("LastName", last), ("Phones[0].Type", "Mobile"), ("Phones[0].Number", mobile),
            ("Emails[0].Type", "Work"), ("Emails[0].Address", email ?? ""), ("Source", "Instagram"), ("Rating", "3"),
        };
        if (ignoreDuplicates)
        {
            fields.Add(("IgnoreDuplicates", "true"));
        }

        return await client.PostForm("/Contacts/Contacts/Create", "/Contacts/Contacts/Save", [.. fields]);
    }

    [Fact]
    public async Task A_contact_is_found_by_its_number_typed_in_another_format()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var mobile = Mobile();
        var id = IdFrom(await CreateContact(rep, "مریم", Unique("کاظمي"), mobile));

        var persianDigits = Crm.SharedKernel.Localization.Digits.ToPersian("+98 " + mobile[1..4] + " " + mobile[4..]);
        var html = await rep.GetStringAsync("/Contacts/Contacts?q=" + Uri.EscapeDataString(persianDigits));
        html.ShouldContain(id.ToString());
        var details = await rep.GetStringAsync($"/Contacts/Contacts/Details/{id}");
        details.ShouldContain("مریم");
        details.ShouldContain(mobile[..4] + " " + mobile[4..7] + " " + mobile[7..]);
    }

    [Fact]
    public async Task Saving_a_second_contact_with_the_same_mobile_shows_the_duplicate_first()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var mobile = Mobile();
        var last = Unique("رضایی");
        var first = IdFrom(await CreateContact(rep, "علی", last, mobile));

        // Same person typed differently: Arabic yeh, +98 prefix, spaces.
        var again = await CreateContact(rep, "علي", last, "+98 " + mobile[1..]);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await again.Content.ReadAsStringAsync();
        html.ShouldContain("id=\"duplicates\"");
        html.ShouldContain("/Contacts/Contacts/Details/" + first);
        App.Query(db => db.Set<Contact>().Count(c => c.LastName == last)).ShouldBe(1);

        // The user decides it is another person: saved.
        IdFrom(await CreateContact(rep, "علي", last, "+98 " + mobile[1..], ignoreDuplicates: true));
        App.Query(db => db.Set<Contact>().Count(c => c.LastName == last)).ShouldBe(2);
    }

    [Fact]
    public async Task Invalid_input_gets_localized_errors_and_nothing_is_saved()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var last = Unique("x");
        var response = await rep.PostForm("/Contacts/Contacts/Create", "/Contacts/Contacts/Save",
            ("FirstName", "Sara"), ("LastName", last), ("Phones[0].Number", "12"), ("Emails[0].Address", "not-an-email"), ("NationalCode", "1234567890"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("شمارهٔ تلفن معتبر نیست.");
        html.ShouldContain("نشانی ایمیل معتبر نیست.");
        html.ShouldContain("کد ملی معتبر نیست");
        html.ShouldContain("value=\"not-an-email\""); // what the user typed is kept
        App.Query(db => db.Set<Contact>().Any(c => c.LastName == last)).ShouldBeFalse();
    }

    [Fact]
    public async Task Merging_keeps_every_phone_email_link_and_the_merged_record_for_history()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var last = Unique("Merge");
        var keep = IdFrom(await CreateContact(rep, "Reza", last, Mobile(), "reza@" + last + ".example"));
        var org = Unique("Org");
        var otherResponse = await rep.PostForm("/Contacts/Contacts/Create", "/Contacts/Contacts/Save",
            ("FirstName", "Reza"), ("LastName", last), ("Phones[0].Number", Mobile()), ("Phones[1].Type", "Work"), ("Phones[1].Number", "021 8888 1234"),
            ("Emails[0].Address", "r.home@" + last + ".example"), ("NationalCode", "0013542419"), ("NewOrganizationName", org), ("IgnoreDuplicates", "true"));
        var other = IdFrom(otherResponse);

        (await rep.GetStringAsync($"/Contacts/Contacts/Details/{keep}")).ShouldContain($"/Contacts/Contacts/Merge/{keep}?other={other}");
        var merged = await rep.PostForm($"/Contacts/Contacts/Merge/{keep}?other={other}", $"/Contacts/Contacts/Merge/{keep}?other={other}");
        merged.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var survivor = await db.Set<Contact>().Include(c => c.Phones).Include(c => c.Emails).Include(c => c.Employments).SingleAsync(c => c.Id == keep);
        survivor.Phones.Count.ShouldBe(3);
        survivor.Emails.Count.ShouldBe(2);
        survivor.Employments.Count.ShouldBe(1);
        survivor.NationalCode.ShouldBe("0013542419"); // empty on the survivor, so taken from the other
        var gone = await db.Set<Contact>().IgnoreQueryFilters().SingleAsync(c => c.Id == other);
        gone.IsDeleted.ShouldBeTrue();
        gone.MergedIntoId.ShouldBe(keep);
        (await db.AuditEntries.CountAsync(a => a.EntityId == other.ToString())).ShouldBeGreaterThanOrEqualTo(2); // created, then deleted

        // The merged record's page now leads to the survivor.
        var old = await rep.GetAsync($"/Contacts/Contacts/Details/{other}");
        old.Headers.Location!.ToString().ShouldEndWith(keep.ToString());
    }

    [Fact]
    public async Task A_rep_cannot_open_list_search_or_export_another_teams_contact()
    {
        var owner = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var stranger = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var manager = await App.SignedInAsync(CrmRoles.SalesManager, null);
        var mobile = Mobile();
        var last = Unique("Hidden");
        var id = IdFrom(await CreateContact(owner, "Nima", last, mobile));

        (await stranger.GetAsync($"/Contacts/Contacts/Details/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetAsync($"/Contacts/Contacts/Edit/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetStringAsync("/Contacts/Contacts?q=" + mobile)).ShouldNotContain(id.ToString());
        (await stranger.GetStringAsync("/Contacts/Contacts?q=" + last)).ShouldNotContain(id.ToString());
        var export = await stranger.GetAsync("/Contacts/Contacts/Export?q=" + last);
        export.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await XlsxText(export)).ShouldNotContain(last);
        var deleted = await stranger.PostForm("/Contacts/Contacts", $"/Contacts/Contacts/Delete/{id}");
        deleted.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The owner's manager sees it everywhere, export included.
        (await manager.GetStringAsync("/Contacts/Contacts?q=" + mobile)).ShouldContain(id.ToString());
        (await XlsxText(await manager.GetAsync("/Contacts/Contacts/Export?q=" + last))).ShouldContain(last);
        (await owner.GetAsync($"/Contacts/Contacts/Details/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_list_statement_returns_what_its_LINQ_form_returns_for_every_filter_viewer_and_page()
    {
        var tag = Unique("prt");
        var (team, rep, teammate, loner) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var mobiles = "0935" + Random.Shared.Next(100, 999);
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var organization = new Organization { OwnerId = loner };
            organization.SetName("شرکت " + tag);
            db.Add(organization);
            (string First, string Last)[] names = [("علی", "رضایی"), ("علي", "رضايي"), ("Ali", "Rezaei"), ("Sara", tag), ("سارا", "احمدی"), ("Zahra", "Karimi"), ("Sara", tag)];
            for (var i = 0; i < 30; i++)
            {
                var contact = new Contact
                {
                    Source = (CustomerSource)(i % 4), Rating = i % 6, Segments = i % 3 == 0 ? "VIP, " + tag : tag,
                    OwnerId = (i % 4) switch { 0 => rep, 1 => teammate, 2 => loner, _ => null }, TeamId = i % 4 < 2 ? team : null,
                    IsDeleted = i % 7 == 3, MergedIntoId = i == 10 ? organization.Id : null,
                };
                contact.SetName(names[i % names.Length].First, names[i % names.Length].Last + (i % 2 == 0 ? "" : " " + tag));
                contact.Phones.Add(PhoneEntry.Create(PhoneType.Mobile, mobiles + (1000 + i), 0));
                contact.Emails.Add(EmailEntry.Create(EmailType.Work, $"p{i}.{tag}@parity.example", 0));
                contact.RefreshSummary();
                contact.IsDeleted |= i == 10;
                if (i % 5 == 0)
                {
                    contact.Employments.Add(new Employment { OrganizationId = organization.Id });
                }

                db.Add(contact);
            }

            await db.SaveChangesAsync();
        }

        ICurrentUser[] viewers = [new Viewer(null, null, false), new Viewer(Guid.NewGuid(), null, true), new Viewer(rep, team, false), new Viewer(loner, null, false)];
        Func<ContactFilter>[] filters =
        [
            () => new(), () => new() { Sort = "newest" }, () => new() { Deleted = true }, () => new() { Segment = tag }, () => new() { Segment = "VIP", Owner = "me" },
            () => new() { Segment = tag, Owner = teammate.ToString() }, () => new() { Segment = tag, Source = CustomerSource.Instagram, MinRating = 2 },
            () => new() { Q = "+98 " + mobiles[1..4] + " " + mobiles[4..] }, () => new() { Q = "۰" + mobiles[1..] + "۱۰" }, () => new() { Q = "P1." + tag.ToUpperInvariant() + "@" },
            () => new() { Q = "علی" }, () => new() { Q = "رضا" }, () => new() { Q = "شركت " + tag }, () => new() { Q = tag, Deleted = true }, () => new() { Q = tag, Sort = "newest" },
            () => new() { Q = "sara", Segment = tag }, () => new() { Segment = "vip" }, () => new() { Q = "علی", Sort = "newest" }, () => new() { Q = "رضا", Owner = "me" },
        ];

        using var reading = App.Services.CreateScope();
        var context = reading.ServiceProvider.GetRequiredService<CrmDbContext>();
        var rows = 0;
        foreach (var viewer in viewers)
        {
            foreach (var filter in filters)
            {
                var statement = await ListWalks.WalkAsync(filter, f => ContactListStatement.PageAsync(context, viewer, f, 4, CancellationToken.None));
                var linq = await ListWalks.WalkAsync(filter, f => ContactSearch.PageAsync(context, viewer, f, 4, CancellationToken.None));
                statement.ShouldBe(linq, $"viewer {viewer}, filter {System.Text.Json.JsonSerializer.Serialize(filter())}");
                rows += statement.Count(line => line.StartsWith("row", StringComparison.Ordinal));
            }
        }

        rows.ShouldBeGreaterThan(500); // every filter matches rows for some viewers, walked both ways
    }

    [Fact]
    public async Task Deleting_keeps_the_contact_and_restore_brings_it_back()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var last = Unique("Del");
        var id = IdFrom(await CreateContact(rep, "Leila", last, Mobile()));
        (await rep.PostForm($"/Contacts/Contacts/Details/{id}", $"/Contacts/Contacts/Delete/{id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await rep.GetStringAsync("/Contacts/Contacts?q=" + last)).ShouldNotContain("Details/" + id);
        (await rep.GetStringAsync("/Contacts/Contacts?deleted=true&q=" + last)).ShouldContain("Details/" + id);
        (await rep.PostForm($"/Contacts/Contacts/Details/{id}", $"/Contacts/Contacts/Restore/{id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await rep.GetStringAsync("/Contacts/Contacts?q=" + last)).ShouldContain(id.ToString());
    }

    [Fact]
    public async Task A_saved_view_is_listed_for_its_owner_only_opens_its_filter_and_can_be_deleted()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var other = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var name = Unique("View");
        // The list's filters show what was chosen (the contacts views render options without the option tag helper).
        var filtered = await rep.GetStringAsync("/Contacts/Contacts?source=Instagram&sort=newest");
        filtered.ShouldContain("<option value=\"Instagram\" selected=\"selected\">");
        filtered.ShouldContain("<option value=\"newest\" selected=\"selected\">");
        filtered.ShouldNotContain("<option value=\"Telegram\" selected");

        var page = await rep.GetStringAsync("/Contacts/Contacts?q=Tehran&after=abc");
        var save = System.Text.RegularExpressions.Regex.Match(page, "<form method=\"post\" action=\"([^\"]+)\"[^>]*>\\s*<input type=\"hidden\" name=\"listKey\"").Groups[1].Value;
        save.ShouldBe("/SavedViews/Save");
        (await rep.PostForm("/Contacts/Contacts", save, ("listKey", "contacts"), ("name", name), ("query", "?q=Tehran&after=abc"), ("returnUrl", "/Contacts/Contacts")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        page = await rep.GetStringAsync("/Contacts/Contacts");
        page.ShouldContain($"<a class=\"dropdown-item rounded\" href=\"/Contacts/Contacts?q=Tehran\">{name}</a>"); // the paging cursor is dropped
        (await other.GetStringAsync("/Contacts/Contacts")).ShouldNotContain(name);

        var delete = System.Text.RegularExpressions.Regex.Match(page, "action=\"(/SavedViews/Delete/[0-9a-f-]+)\"").Groups[1].Value;
        (await other.PostForm("/Contacts/Contacts", delete, ("returnUrl", "/Contacts/Contacts"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await rep.GetStringAsync("/Contacts/Contacts")).ShouldContain(name); // only its owner can delete it
        (await rep.PostForm("/Contacts/Contacts", delete, ("returnUrl", "/Contacts/Contacts"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await rep.GetStringAsync("/Contacts/Contacts")).ShouldNotContain(name);
    }

    [Fact]
    public async Task Paging_walks_forward_and_back_through_every_row_once()
    {
        var manager = await App.SignedInAsync(CrmRoles.SalesManager, null);
        var segment = Unique("seg");
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            for (var i = 0; i < 120; i++)
            {
                var c = new Contact { Segments = segment };
                c.SetName("P" + i.ToString("000", System.Globalization.CultureInfo.InvariantCulture), segment);
                db.Add(c);
            }

            await db.SaveChangesAsync();
        }

        var seen = new List<string>();
        var url = "/Contacts/Contacts?segment=" + segment;
        for (var page = 0; page < 3; page++)
        {
            var html = await manager.GetStringAsync(url);
            var names = System.Text.RegularExpressions.Regex.Matches(html, ">(P\\d{3} " + segment + ")</a>").Select(m => m.Groups[1].Value).ToList();
            seen.AddRange(names);
            var next = System.Text.RegularExpressions.Regex.Match(html, "href=\"([^\"]+)\" rel=\"next\"");
            if (page < 2)
            {
                url = System.Net.WebUtility.HtmlDecode(next.Groups[1].Value);
            }
        }

        seen.Count.ShouldBe(120);
        seen.ShouldBe(seen.OrderBy(s => s, StringComparer.Ordinal).ToList());
        seen.Distinct().Count().ShouldBe(120);
        var last = await manager.GetStringAsync("/Contacts/Contacts?last=true&segment=" + segment);
        last.ShouldContain("P119 " + segment);
        last.ShouldNotContain("P069 " + segment);
    }

    [Fact]
    public async Task Roles_without_the_permission_are_refused_export_delete_and_merge()
    {
        var team = await App.NewTeamAsync();
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, team);
        var support = await App.SignedInAsync(CrmRoles.SupportAgent, team);
        var id = IdFrom(await CreateContact(rep, "Ava", Unique("Perm"), Mobile()));
        var other = IdFrom(await CreateContact(rep, "Ava", Unique("Perm"), Mobile()));

        (await support.GetAsync($"/Contacts/Contacts/Details/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK); // same team: may read
        (await support.GetAsync("/Contacts/Contacts/Export")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await support.GetAsync($"/Contacts/Contacts/Merge/{id}?other={other}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await support.PostForm($"/Contacts/Contacts/Details/{id}", $"/Contacts/Contacts/Delete/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await support.PostForm("/Contacts/Contacts", "/Contacts/Contacts/Bulk", ("ids", id.ToString()), ("operation", "delete"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        App.Query(db => db.Set<Contact>().Any(c => c.Id == id)).ShouldBeTrue();

        // Without an anti-forgery token a delete is refused too.
        var forged = await rep.PostAsync($"/Contacts/Contacts/Delete/{id}", new FormUrlEncodedContent([]));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        App.Query(db => db.Set<Contact>().Any(c => c.Id == id)).ShouldBeTrue();
    }

    [Fact]
    public async Task Editing_an_organization_replaces_its_phones_and_a_stale_form_is_refused()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var name = Unique("شركت");
        var created = await rep.PostForm("/Contacts/Organizations/Create", "/Contacts/Organizations/Save",
            ("Name", name), ("NationalId", "14007650912"), ("Phones[0].Number", "021 8888 1234"));
        var id = IdFrom(created);
        var version = App.Query(db => db.Set<Organization>().Single(o => o.Id == id).Version);

        var edited = await rep.PostForm($"/Contacts/Organizations/Edit/{id}", "/Contacts/Organizations/Save",
            ("Id", id.ToString()), ("Version", version.ToString()), ("Name", name), ("Phones[0].Number", "۰۲۱۷۷۷۷۱۲۳۴"), ("Phones[1].Number", "09121112233"));
        IdFrom(edited).ShouldBe(id);
        App.Query(db => db.Set<PhoneEntry>().Where(p => p.OrganizationId == id).OrderBy(p => p.Position).Select(p => p.NumberKey).ToList())
            .ShouldBe(["2177771234", "9121112233"]);

        // The same (now stale) version again: refused with the localized message, nothing changed.
        var stale = await rep.PostForm($"/Contacts/Organizations/Edit/{id}", "/Contacts/Organizations/Save",
            ("Id", id.ToString()), ("Version", version.ToString()), ("Name", name + " X"));
        stale.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await stale.Content.ReadAsStringAsync()).ShouldContain("شخص دیگری هم‌زمان این رکورد را تغییر داده است");
        App.Query(db => db.Set<Organization>().Single(o => o.Id == id).Name).ShouldBe(Crm.SharedKernel.Text.PersianText.Clean(name));
    }

    [Fact]
    public async Task Importing_contacts_links_their_company_and_skips_a_number_already_on_file()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var existing = Mobile();
        IdFrom(await CreateContact(rep, "Existing", Unique("x"), existing));
        var company = Unique("صنایع ");
        var (m1, m2) = (Mobile(), Mobile());
        var csv = $"نام,نام خانوادگی,موبایل,ایمیل,شرکت,شهر\nآرش,{Unique("ن")},{m1},,{company},تبریز\nبهار,{Unique("ن")},{m2},bahar@example.com,{company},\nتکراری,یک,+98{existing[1..]},,,\nبد,ایمیل,,bad@,,\n";
        var (mapUrl, map) = await UploadAsync(rep, "contacts", "people.csv", System.Text.Encoding.UTF8.GetBytes(csv));
        map.ShouldContain("<option value=\"Organization\" selected=\"selected\">");
        var result = await RunImportAsync(rep, mapUrl, ["FirstName", "LastName", "Mobile", "Email", "Organization", "City"], "Skip");
        (result.GetProperty("created").GetInt32(), result.GetProperty("skipped").GetInt32(), result.GetProperty("failed").GetInt32()).ShouldBe((2, 1, 1));

        var companyKey = Crm.SharedKernel.Text.PersianText.Key(company);
        var organization = App.Query(db => db.Set<Organization>().Single(o => o.NameKey == companyKey));
        App.Query(db => db.Set<Employment>().Count(e => e.OrganizationId == organization.Id)).ShouldBe(2);
        App.Query(db => db.Set<Contact>().Single(c => c.PrimaryPhone == Crm.SharedKernel.Text.PhoneNumber.Display(m1)).City).ShouldBe("تبریز");
    }
}

public sealed class SqliteContactsTests(SqliteAppFixture fixture) : ContactsTests<SqliteAppFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresContactsTests(PostgresAppFixture fixture) : ContactsTests<PostgresAppFixture>(fixture);
