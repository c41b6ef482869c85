using System.Net;
using Crm.Modules.Identity.Domain;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.IntegrationTests;

/// <summary>The platform's promises, run against each database provider (see the two classes at the end).</summary>
public abstract class PlatformTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : AppFixture
{
    private const string Password = "Secret-pass-42";

    private CrmAppFactory App => fixture.App;

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Anonymous_users_are_sent_to_sign_in()
    {
        var response = await App.Browser().GetAsync("/Identity/Users");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldStartWith("http://localhost/Identity/Account/SignIn?ReturnUrl=");
    }

    [Fact]
    public async Task Sign_in_page_is_Persian_and_right_to_left_by_default()
    {
        var html = await App.Browser().GetStringAsync("/Identity/Account/SignIn");
        html.ShouldContain("<html lang=\"fa\" dir=\"rtl\">");
        html.ShouldContain("bootstrap.rtl.min.css");
        html.ShouldContain("ورود به سامانه");
    }

    [Fact]
    public async Task Date_fields_hint_at_their_shape_instead_of_showing_a_date_that_looks_typed()
    {
        var admin = App.Browser();
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        foreach (var page in new[] { "/Leads/Leads/Create", "/Contacts/Contacts/Create", "/Identity/Users/Create", "/Sales/Opportunities/Create" })
        {
            var persian = await admin.GetStringAsync(page + "?culture=fa-IR&ui-culture=fa-IR");
            persian.ShouldContain("placeholder=\"سال/ماه/روز\"", Case.Sensitive, page);
            System.Text.RegularExpressions.Regex.IsMatch(persian, "placeholder=\"[۰-۹0-9]{4}[/-]").ShouldBeFalse(page);
        }

        // English pages use the browser's own date input, which shows its own hint.
    }

    [Fact]
    public async Task The_home_page_says_todays_date_in_tehran_even_late_in_the_utc_evening()
    {
        // 21:00 UTC on 21 November 2026 is already 1 Azar 1405 (22 November) in Tehran.
        using var app = App.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<Crm.SharedKernel.Time.IClock>(new LateEveningClock())));
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await client.SignInOk("admin", CrmAppFactory.AdminPassword);
        var home = await client.GetStringAsync("/?culture=fa-IR&ui-culture=fa-IR");
        home.ShouldContain("۱ آذر ۱۴۰۵");
        home.ShouldNotContain("۳۰ آبان ۱۴۰۵");
    }

    private sealed class LateEveningClock : Crm.SharedKernel.Time.IClock
    {
        public DateTime UtcNow => new(2026, 11, 21, 21, 0, 0, DateTimeKind.Utc);
    }

    [Fact]
    public async Task The_app_has_an_icon_where_pages_and_browsers_look_for_it()
    {
        var client = App.Browser();
        (await client.GetStringAsync("/Identity/Account/SignIn")).ShouldContain("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\" />");
        var icon = await client.GetAsync("/favicon.svg");
        icon.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        icon.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        (await icon.Content.ReadAsStringAsync()).ShouldStartWith("<svg");
        var classic = await client.GetAsync("/favicon.ico");
        classic.StatusCode.ShouldBe(System.Net.HttpStatusCode.MovedPermanently);
        classic.Headers.Location!.ToString().ShouldBe("/favicon.svg");
    }

    [Fact]
    public async Task Wrong_password_gives_a_localized_error_and_five_failures_lock_the_account()
    {
        var user = Unique("lock");
        await App.CreateUserAsync(user, CrmRoles.SalesRep, Password);
        var client = App.Browser();

        var first = await client.SignIn(user, "wrong-password-1");
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await first.Content.ReadAsStringAsync()).ShouldContain("نام کاربری یا رمز عبور نادرست است.");

        for (var i = 2; i <= 5; i++)
        {
            await client.SignIn(user, "wrong-password-" + i);
        }

        // Locked now: even the right password is refused, with the lockout message.
        var locked = await client.SignIn(user, Password);
        locked.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await locked.Content.ReadAsStringAsync()).ShouldContain("قفل شده است");
    }

    [Fact]
    public async Task English_sign_in_error_is_in_English()
    {
        var client = App.Browser();
        await client.PostForm("/Identity/Account/SignIn", "/Culture/Set", ("culture", "en-US"), ("returnUrl", "/"));
        var response = await client.SignIn("nobody-" + Guid.NewGuid(), "whatever-1");
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("<html lang=\"en\" dir=\"ltr\">");
        html.ShouldContain("The user name or password is not correct.");
    }

    [Fact]
    public async Task A_sales_rep_gets_403_on_admin_pages_and_the_administrator_does_not()
    {
        var rep = Unique("rep");
        await App.CreateUserAsync(rep, CrmRoles.SalesRep, Password);
        var repClient = App.Browser();
        await repClient.SignInOk(rep, Password);
        (await repClient.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var denied = await repClient.GetAsync("/Identity/Users");
        denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await denied.Content.ReadAsStringAsync()).ShouldContain("دسترسی مجاز نیست");
        (await repClient.GetAsync("/Identity/Teams")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await repClient.GetAsync("/Diagnostics/Floor")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var admin = App.Browser();
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        (await admin.GetAsync("/Identity/Users")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.GetAsync("/Diagnostics/Floor")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_portal_customer_cannot_sign_in_to_the_staff_application()
    {
        var customer = Unique("cust");
        await App.CreateUserAsync(customer, CrmRoles.Customer, Password);
        var client = App.Browser();
        var response = await client.SignIn(customer, Password);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("این حساب برای پرتال مشتریان است");
        (await client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.Redirect); // still anonymous
    }

    [Fact]
    public async Task Posts_without_an_anti_forgery_token_are_rejected()
    {
        var client = App.Browser();
        var response = await client.PostAsync("/Identity/Account/SignIn",
            new FormUrlEncodedContent([KeyValuePair.Create("UserName", "admin"), KeyValuePair.Create("Password", CrmAppFactory.AdminPassword)]));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var admin = App.Browser();
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        var forged = await admin.PostAsync("/Identity/Teams/Create", new FormUrlEncodedContent([KeyValuePair.Create("name", "forged")]));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        App.Query(db => db.Set<Team>().Any(t => t.Name == "forged")).ShouldBeFalse();
    }

    [Fact]
    public async Task Administrator_creates_a_user_who_can_then_sign_in_and_the_change_is_audited()
    {
        var admin = App.Browser();
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        var userName = Unique("new");
        var response = await admin.PostForm("/Identity/Users/Create", "/Identity/Users/Save",
            ("UserName", userName), ("DisplayName", "کاربر تازه"), ("Email", userName + "@test.example"),
            ("Roles", CrmRoles.SalesRep), ("IsActive", "true"), ("Password", Password));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var created = App.Query(db => db.Set<ApplicationUser>().Single(u => u.UserName == userName));
        created.DisplayName.ShouldBe("کاربر تازه");
        var audit = App.Query(db => db.AuditEntries.Where(a => a.EntityId == created.Id.ToString()).ToList());
        audit.ShouldContain(a => a.Action == "Created" && a.EntityType == nameof(ApplicationUser) && a.Changes.Contains("DisplayName"));

        await App.Browser().SignInOk(userName, Password);
    }

    [Fact]
    public async Task Invalid_user_form_shows_localized_errors_and_keeps_what_was_typed()
    {
        var admin = App.Browser();
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        var response = await admin.PostForm("/Identity/Users/Create", "/Identity/Users/Save",
            ("UserName", "ok.name"), ("DisplayName", "نام نگه‌داشته"), ("Email", "not-an-email"), ("IsActive", "true"), ("Password", "x"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("نشانی ایمیل معتبر نیست.");
        html.ShouldContain("دست‌کم یک نقش انتخاب کنید.");
        html.ShouldContain("value=\"نام نگه‌داشته\"");
    }

    [Fact]
    public async Task A_stale_edit_is_refused_instead_of_overwriting_a_newer_one()
    {
        var user = await App.CreateUserAsync(Unique("conc"), CrmRoles.SalesRep, Password);
        var admin = App.Browser();
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        var stale = user.ConcurrencyStamp!;
        (string, string)[] Fields(string name) =>
        [
            ("Id", user.Id.ToString()), ("UserName", user.UserName!), ("DisplayName", name), ("Email", user.Email!),
            ("Roles", CrmRoles.SalesRep), ("IsActive", "true"), ("ConcurrencyStamp", stale),
        ];

        var first = await admin.PostForm($"/Identity/Users/Edit/{user.Id}", "/Identity/Users/Save", Fields("First editor"));
        first.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var second = await admin.PostForm($"/Identity/Users/Edit/{user.Id}", "/Identity/Users/Save", Fields("Second editor"));
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.Content.ReadAsStringAsync()).ShouldContain("کاربر دیگری این رکورد را ذخیره کرده است");
        App.Query(db => db.Set<ApplicationUser>().Single(u => u.Id == user.Id).DisplayName).ShouldBe("First editor");
    }

    [Fact]
    public async Task Access_end_date_is_typed_in_the_Jalali_calendar_and_ends_sign_in_after_that_day()
    {
        var user = await App.CreateUserAsync(Unique("temp"), CrmRoles.SalesRep, Password);
        var admin = App.Browser();
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        (string, string)[] Fields(string date, string stamp) =>
        [
            ("Id", user.Id.ToString()), ("UserName", user.UserName!), ("DisplayName", "موقت"), ("Email", user.Email!),
            ("Roles", CrmRoles.SalesRep), ("IsActive", "true"), ("AccessExpiresOn", date), ("ConcurrencyStamp", stamp),
        ];

        // 1404 has no 30 Esfand: a clear Persian error, and what was typed stays in the form.
        var invalid = await admin.PostForm($"/Identity/Users/Edit/{user.Id}", "/Identity/Users/Save", Fields("۱۴۰۴/۱۲/۳۰", user.ConcurrencyStamp!));
        invalid.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await invalid.Content.ReadAsStringAsync();
        html.ShouldContain("این تاریخ معتبر نیست");
        html.ShouldContain("value=\"۱۴۰۴/۱۲/۳۰\"");

        // 30 Azar 1405 is 21 December 2026.
        (await admin.PostForm($"/Identity/Users/Edit/{user.Id}", "/Identity/Users/Save", Fields("۱۴۰۵/۰۹/۳۰", user.ConcurrencyStamp!)))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        App.Query(db => db.Set<ApplicationUser>().Single(u => u.Id == user.Id).AccessExpiresOn).ShouldBe(new DateOnly(2026, 12, 21));
        (await admin.GetStringAsync($"/Identity/Users/Edit/{user.Id}")).ShouldContain("value=\"۱۴۰۵/۰۹/۳۰\"");

        // A day already past: the account can no longer sign in.
        var stamp = App.Query(db => db.Set<ApplicationUser>().Single(u => u.Id == user.Id).ConcurrencyStamp!);
        (await admin.PostForm($"/Identity/Users/Edit/{user.Id}", "/Identity/Users/Save", Fields("۱۴۰۰/۰۱/۰۱", stamp)))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var refused = await App.Browser().SignIn(user.UserName!, Password);
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("این حساب غیرفعال است");
    }

    [Fact]
    public async Task A_deleted_team_disappears_from_queries_and_can_be_restored()
    {
        var admin = App.Browser();
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        var name = Unique("team");
        (await admin.PostForm("/Identity/Teams", "/Identity/Teams/Create", ("name", name))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = App.Query(db => db.Set<Team>().Single(t => t.Name == name).Id);

        (await admin.PostForm("/Identity/Teams", $"/Identity/Teams/Delete/{id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        App.Query(db => db.Set<Team>().Any(t => t.Id == id)).ShouldBeFalse();
        App.Query(db => db.Set<Team>().IgnoreQueryFilters().Single(t => t.Id == id).IsDeleted).ShouldBeTrue();

        (await admin.PostForm("/Identity/Teams", $"/Identity/Teams/Restore/{id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        App.Query(db => db.Set<Team>().Any(t => t.Id == id)).ShouldBeTrue();
        App.Query(db => db.AuditEntries.Where(a => a.EntityId == id.ToString()).Select(a => a.Action).ToList())
            .ShouldBe(["Created", "Deleted", "Restored"], ignoreOrder: true);
    }

    [Fact]
    public async Task Forgotten_password_sends_a_link_that_sets_a_new_password()
    {
        var user = await App.CreateUserAsync(Unique("forgot"), CrmRoles.SalesRep, Password);
        var client = App.Browser();
        (await client.PostForm("/Identity/Account/ForgotPassword", "/Identity/Account/ForgotPassword", ("Email", user.Email!)))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var mail = Directory.GetFiles(App.MailFolder, "*.eml").Select(File.ReadAllText).Single(m => m.Contains(user.Email!, StringComparison.Ordinal));
        var link = System.Text.RegularExpressions.Regex.Match(QuotedPrintable.Decode(mail), "http://localhost(/Identity/Account/ResetPassword\\?[^\\s\"<]+)");
        link.Success.ShouldBeTrue(mail);
        var resetUrl = link.Groups[1].Value;
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://localhost" + resetUrl).Query);

        var reset = await client.PostForm(resetUrl, "/Identity/Account/ResetPassword",
            ("UserId", query["userId"]!), ("Token", query["token"]!), ("NewPassword", "Brand-new-77"), ("ConfirmPassword", "Brand-new-77"));
        reset.StatusCode.ShouldBe(HttpStatusCode.Redirect, await reset.Content.ReadAsStringAsync());
        await App.Browser().SignInOk(user.UserName!, "Brand-new-77");
    }

    [Fact]
    public async Task Chosen_language_is_remembered_on_the_profile()
    {
        var user = await App.CreateUserAsync(Unique("lang"), CrmRoles.Marketer, Password);
        var client = App.Browser();
        await client.SignInOk(user.UserName!, Password);
        await client.PostForm("/", "/Culture/Set", ("culture", "en-US"), ("returnUrl", "/"));
        App.Query(db => db.Set<ApplicationUser>().Single(u => u.Id == user.Id).PreferredCulture).ShouldBe("en-US");

        // A new browser (no language cookie) gets English after signing in.
        var other = App.Browser();
        await other.SignInOk(user.UserName!, Password);
        (await other.GetStringAsync("/")).ShouldContain("<html lang=\"en\" dir=\"ltr\">");
    }

    [Fact]
    public async Task Background_jobs_are_listed_with_their_next_run_and_run_now_records_a_run()
    {
        var rep = Unique("jobrep");
        await App.CreateUserAsync(rep, CrmRoles.SalesRep, Password);
        var repClient = App.Browser();
        await repClient.SignInOk(rep, Password);
        (await repClient.GetAsync("/Jobs")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var admin = App.Browser();
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        var page = await admin.GetStringAsync("/Jobs");
        page.ShouldContain("platform.prune-job-history");
        page.ShouldContain("حذف سابقهٔ اجرای کارها");
        page.ShouldNotContain("class=\"next-run\"></span>"); // a next run is shown

        (await admin.PostForm("/Jobs", "/Jobs/RunNow", ("key", "platform.prune-job-history"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!App.Query(db => db.JobRuns.Any(r => r.JobKey == "platform.prune-job-history")) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        var run = App.Query(db => db.JobRuns.Single(r => r.JobKey == "platform.prune-job-history"));
        run.Succeeded.ShouldBeTrue(run.Error);
        run.DurationMs.ShouldNotBeNull();
        (await admin.GetStringAsync("/Jobs")).ShouldContain("موفق");
    }

    [Fact]
    public async Task With_jobs_switched_off_the_jobs_page_says_so_instead_of_failing()
    {
        using var noJobs = App.WithWebHostBuilder(b => b.UseSetting("Jobs:Enabled", "false"));
        var admin = noJobs.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        var response = await admin.GetAsync("/Jobs");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("id=\"jobs-disabled\"");
        (await admin.PostForm("/Jobs", "/Jobs/RunNow", ("key", "platform.prune-job-history"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Health_endpoints_answer_without_sign_in()
    {
        var client = App.Browser();
        (await client.GetStringAsync("/health/live")).ShouldBe("Healthy");
        (await client.GetStringAsync("/health/ready")).ShouldBe("Healthy");
        var response = await client.GetAsync("/health/live");
        response.Headers.Contains("X-Correlation-Id").ShouldBeTrue();
    }

    [Fact]
    public async Task Each_request_is_one_log_line_with_its_correlation_id_and_the_signed_in_user()
    {
        var admin = App.Browser();
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        var correlation = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Jobs");
        request.Headers.Add("X-Correlation-Id", correlation);
        var response = await admin.SendAsync(request);
        response.Headers.GetValues("X-Correlation-Id").Single().ShouldBe(correlation);
        var adminId = App.Query(db => db.Set<ApplicationUser>().Single(u => u.UserName == "admin").Id).ToString();

        var lines = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (lines.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            lines = [.. Directory.GetFiles(Path.Combine(App.DataFolder, "logs"), "crm-*.log")
                .SelectMany(f => ReadShared(f).Split('\n'))
                .Where(l => l.Contains(correlation, StringComparison.Ordinal) && l.Contains("HTTP GET /Jobs responded", StringComparison.Ordinal))];
        }

        lines.Count.ShouldBe(1);
        lines[0].ShouldContain("responded 200 in ");
        lines[0].ShouldContain(adminId);
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }

    [Fact]
    public async Task Unknown_pages_get_the_localized_404()
    {
        var admin = App.Browser();
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        var response = await admin.GetAsync("/no/such/page");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("صفحه پیدا نشد");
    }
}

public sealed class SqlitePlatformTests(SqliteAppFixture fixture) : PlatformTests<SqliteAppFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresPlatformTests(PostgresAppFixture fixture) : PlatformTests<PostgresAppFixture>(fixture);
