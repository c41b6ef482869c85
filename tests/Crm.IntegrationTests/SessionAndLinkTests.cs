using System.Net;
using Crm.Modules.Identity.Domain;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.IntegrationTests;

/// <summary>
/// Attacks on accounts and links: a forged Host header, a disabled or demoted user who keeps their cookie, a copied
/// cookie after sign-out, and sign-in probing (which names exist, locking a colleague out).
/// </summary>
public abstract class SessionAndLinkTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : AppFixture
{
    private const string Password = TestSupport.Password;

    private CrmAppFactory App => fixture.App;

    [Fact]
    public async Task A_user_with_a_one_time_password_reaches_nothing_but_the_change_form_until_it_is_changed()
    {
        var name = TestSupport.Unique("onetime");
        var created = await App.CreateUserAsync(name, CrmRoles.SalesManager, Password);
        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByIdAsync(created.Id.ToString());
            user!.MustChangePassword = true;
            (await users.UpdateAsync(user)).Succeeded.ShouldBeTrue();
        }

        var client = App.Browser();
        (await client.SignIn(name, Password)).Headers.Location!.ToString().ShouldBe("/Identity/Account/ChangePassword");
        foreach (var page in new[] { "/", "/Contacts/Contacts", "/Leads/Leads", "/Sales/Board", "/Reports/Reports/Funnel", "/Invoicing/Invoices", "/Activities/MyDay" })
        {
            var response = await client.GetAsync(page);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, page);
            response.Headers.Location!.ToString().ShouldBe("/Identity/Account/ChangePassword", page);
        }

        // Form posts with a valid token are turned back too, and do nothing.
        var lastName = TestSupport.Unique("blocked");
        var token = await client.TokenFrom("/Identity/Account/ChangePassword");
        var post = await client.PostAsync("/Contacts/Contacts/Save", new FormUrlEncodedContent([
            new("FirstName", "سارا"), new("LastName", lastName), new("Source", "Phone"), new("Rating", "0"), new("__RequestVerificationToken", token)]));
        post.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        post.Headers.Location!.ToString().ShouldBe("/Identity/Account/ChangePassword");
        App.Query(db => db.Set<Crm.Modules.Contacts.Domain.Contact>().IgnoreQueryFilters().Any(c => c.LastName == lastName)).ShouldBeFalse();
        var tagPost = await client.PostAsync("/Tags/Tags/Add", new FormUrlEncodedContent([new("record", "Contact:" + Guid.NewGuid()), new("names", "x"), new("__RequestVerificationToken", token)]));
        tagPost.Headers.Location!.ToString().ShouldBe("/Identity/Account/ChangePassword");

        // The change form itself works, and afterwards every page opens.
        (await client.GetAsync("/Identity/Account/ChangePassword")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var changed = await client.PostForm("/Identity/Account/ChangePassword", "/Identity/Account/ChangePassword",
            ("CurrentPassword", Password), ("NewPassword", "Renewed-pass-42"), ("ConfirmPassword", "Renewed-pass-42"));
        changed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        foreach (var page in new[] { "/", "/Contacts/Contacts", "/Leads/Leads" })
        {
            (await client.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.OK, page);
        }

        // Signing out is always allowed.
        var again = App.Browser();
        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByIdAsync(created.Id.ToString());
            user!.MustChangePassword = true;
            (await users.UpdateAsync(user)).Succeeded.ShouldBeTrue();
        }

        await again.SignIn(name, "Renewed-pass-42");
        var signOut = await again.PostForm("/Identity/Account/ChangePassword", "/Identity/Account/SignOut");
        signOut.Headers.Location!.ToString().ShouldContain("/Identity/Account/SignIn");
    }

    [Fact]
    public async Task A_request_for_another_host_is_refused()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/Identity/Account/ForgotPassword");
        request.Headers.Host = "attacker.example";
        (await App.Browser().SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_reset_link_is_built_from_the_public_url_whatever_host_the_request_names()
    {
        // Host filtering off, so only the link building stands between the forged host and the victim's mail.
        using var app = new CrmAppFactory(App.Provider, new Dictionary<string, string> { ["PublicUrl"] = "https://crm.example.test/app", ["AllowedHosts"] = "*" });
        var user = await app.CreateUserAsync(TestSupport.Unique("victim"), CrmRoles.SalesRep, Password);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://attacker.example") });
        var response = await client.PostForm("/Identity/Account/ForgotPassword", "/Identity/Account/ForgotPassword", ("Email", user.Email!));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var mail = QuotedPrintable.Decode(Directory.GetFiles(app.MailFolder, "*.eml").Select(File.ReadAllText).Single(m => m.Contains(user.Email!, StringComparison.Ordinal)));
        mail.ShouldContain("https://crm.example.test/app/Identity/Account/ResetPassword?");
        mail.ShouldNotContain("attacker.example");

        // Behind TLS the cookies are Secure and browsers are told to stay on HTTPS.
        var page = await client.GetAsync("/Identity/Account/SignIn");
        page.Headers.GetValues("Set-Cookie").ShouldAllBe(c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        page.Headers.Contains("Strict-Transport-Security").ShouldBeTrue();
    }

    [Fact]
    public async Task Every_page_carries_a_content_security_policy_without_inline_script()
    {
        var response = await App.Browser().GetAsync("/Identity/Account/SignIn");
        var policy = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        policy.ShouldContain("script-src 'self';");
        policy.ShouldNotContain("script-src 'self' 'unsafe-inline'");
        response.Headers.GetValues("Permissions-Policy").Single().ShouldContain("camera=()");
    }

    [Fact]
    public async Task A_disabled_rep_is_refused_on_their_next_request()
    {
        var (user, rep) = await SignedInRepAsync();
        (await rep.GetAsync("/Contacts/Contacts")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await SaveAsync(user, CrmRoles.SalesRep, active: false)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        ShouldBeSentToSignIn(await rep.GetAsync("/Contacts/Contacts"));
    }

    [Fact]
    public async Task A_removed_role_takes_effect_on_the_next_request()
    {
        var (user, manager) = await SignedInRepAsync(CrmRoles.SalesManager);
        (await manager.GetAsync("/Leads/LeadAssignment")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await SaveAsync(user, CrmRoles.SalesRep, active: true)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // The old cookie, with the manager's permissions in it, no longer counts; signing in again gives a rep's.
        ShouldBeSentToSignIn(await manager.GetAsync("/Leads/LeadAssignment"));
        var again = App.Browser();
        await again.SignInOk(user.UserName!, Password);
        (await again.GetAsync("/Leads/LeadAssignment")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_cookie_copied_before_sign_out_is_useless_after_it()
    {
        var (_, rep) = await SignedInRepAsync();
        var page = await rep.GetAsync("/");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var cookie = CookieHeader(page.RequestMessage!);

        (await rep.PostForm("/", "/Identity/Account/SignOut")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var thief = App.Browser();
        var stolen = new HttpRequestMessage(HttpMethod.Get, "/Contacts/Contacts");
        stolen.Headers.Add("Cookie", cookie);
        ShouldBeSentToSignIn(await thief.SendAsync(stolen));
    }

    [Fact]
    public async Task An_administrator_can_sign_a_user_out_everywhere()
    {
        var (user, rep) = await SignedInRepAsync();
        var admin = await AdminAsync();
        (await admin.PostForm($"/Identity/Users/Edit/{user.Id}", $"/Identity/Users/SignOutEverywhere/{user.Id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ShouldBeSentToSignIn(await rep.GetAsync("/"));

        var repClient = App.Browser();
        await repClient.SignInOk(user.UserName!, Password);
        (await repClient.PostForm("/", $"/Identity/Users/SignOutEverywhere/{user.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_a_name_for_that_address_only_and_unknown_names_look_the_same()
    {
        var hasher = new CountingHasher();
        using var app = App.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.AddSingleton<IStartupFilter, ClientAddressFromHeader>();
            s.AddSingleton<IPasswordHasher<ApplicationUser>>(hasher);
        }));
        var user = await App.CreateUserAsync(TestSupport.Unique("target"), CrmRoles.SalesRep, Password);
        var attacker = Client(app, "203.0.113.7");
        var unknown = "nobody-" + Guid.NewGuid().ToString("N")[..8];

        var before = hasher.Verifications;
        (await attacker.SignIn(unknown, "guess-1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        hasher.Verifications.ShouldBe(before + 1, "an unknown name is hashed like a real one, so it takes as long to refuse");

        for (var i = 0; i < 5; i++)
        {
            await attacker.SignIn(user.UserName!, "guess-" + i);
            await attacker.SignIn(unknown, "guess-" + i);
        }

        var realLocked = await (await attacker.SignIn(user.UserName!, Password)).Content.ReadAsStringAsync();
        var unknownLocked = await (await attacker.SignIn(unknown, "guess-9")).Content.ReadAsStringAsync();
        realLocked.ShouldContain("قفل شده است");
        unknownLocked.ShouldContain("قفل شده است");

        // The owner of the account, from their own address, is not locked out.
        var owner = Client(app, "198.51.100.20");
        var signedIn = await owner.SignIn(user.UserName!, Password);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, await signedIn.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_disabled_account_says_so_only_to_whoever_knows_its_password()
    {
        var user = await App.CreateUserAsync(TestSupport.Unique("off"), CrmRoles.SalesRep, Password);
        (await SaveAsync(user, CrmRoles.SalesRep, active: false)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var wrong = await (await App.Browser().SignIn(user.UserName!, "wrong-password-1")).Content.ReadAsStringAsync();
        wrong.ShouldContain("نام کاربری یا رمز عبور نادرست است.");
        wrong.ShouldNotContain("غیرفعال");
        var right = await (await App.Browser().SignIn(user.UserName!, Password)).Content.ReadAsStringAsync();
        right.ShouldContain("این حساب غیرفعال است");
    }

    private static HttpClient Client(WebApplicationFactory<Program> app, string address)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, address);
        return client;
    }

    private static void ShouldBeSentToSignIn(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/Identity/Account/SignIn");
    }

    private static string CookieHeader(HttpRequestMessage request) =>
        string.Join("; ", request.Headers.TryGetValues("Cookie", out var values) ? values : []);

    private async Task<(ApplicationUser User, HttpClient Client)> SignedInRepAsync(string role = CrmRoles.SalesRep)
    {
        var user = await App.CreateUserAsync(TestSupport.Unique("sess"), role, Password);
        var client = App.Browser();
        await client.SignInOk(user.UserName!, Password);
        return (user, client);
    }

    private async Task<HttpClient> AdminAsync()
    {
        var admin = App.Browser();
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        return admin;
    }

    private async Task<HttpResponseMessage> SaveAsync(ApplicationUser user, string role, bool active)
    {
        var admin = await AdminAsync();
        var stamp = App.Query(db => db.Set<ApplicationUser>().Single(u => u.Id == user.Id).ConcurrencyStamp!);
        return await admin.PostForm($"/Identity/Users/Edit/{user.Id}", "/Identity/Users/Save",
            ("Id", user.Id.ToString()), ("UserName", user.UserName!), ("DisplayName", user.DisplayName), ("Email", user.Email!),
            ("Roles", role), ("IsActive", active ? "true" : "false"), ("ConcurrencyStamp", stamp));
    }

    /// <summary>The test server has no client address; this gives each test client one of its own.</summary>
    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public const string Header = "X-Test-Client-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, proceed) =>
            {
                if (context.Request.Headers.TryGetValue(Header, out var address))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                }

                await proceed();
            });
            next(app);
        };
    }

    private sealed class CountingHasher : IPasswordHasher<ApplicationUser>
    {
        private readonly PasswordHasher<ApplicationUser> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(ApplicationUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

public sealed class SqliteSessionAndLinkTests(SqliteAppFixture fixture) : SessionAndLinkTests<SqliteAppFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresSessionAndLinkTests(PostgresAppFixture fixture) : SessionAndLinkTests<PostgresAppFixture>(fixture);
