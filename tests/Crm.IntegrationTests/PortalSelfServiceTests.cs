using System.Net;
using System.Text.RegularExpressions;
using Crm.Modules.Contacts.Domain;
using Crm.Modules.Messaging.Domain;
using Crm.Modules.Portal.Contracts;
using Crm.Modules.Portal.Domain;
using Crm.Modules.Portal.Features;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Crm.IntegrationTests.HttpForms;
using static Crm.IntegrationTests.PortalSupport;
using static Crm.IntegrationTests.TestSupport;

namespace Crm.IntegrationTests;

/// <summary>
/// What customers do for themselves on the portal, on each provider: sign up with a contact's mobile where allowed,
/// come back to the page a link pointed at, change their details (as a request or at once), open one document from the
/// link it was sent with (until it expires or is revoked); and the company's logo the administrator uploads.
/// </summary>
public abstract partial class PortalSelfServiceTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : WorkflowAppFixture
{
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private WebApplicationFactory<Program> App => fixture.App;

    private DateOnly Today => App.Services.GetRequiredService<IDisplayFormatter>().Today();

    [Fact]
    public async Task A_contact_signs_up_with_their_mobile_only_where_allowed_and_only_by_typing_the_code_and_unknown_numbers_get_the_same_answer()
    {
        var (admin, _) = await fixture.SignedInWithIdAsync(CrmRoles.Administrator, await fixture.Base.NewTeamAsync());
        var mobile = Mobile();
        var contact = await fixture.ContactWithMobileAsync(mobile);
        var stranger = Mobile();

        // Off (the default): a contact's number gets no code, like any unknown number.
        var visitor = Visitor();
        (await visitor.PostForm("/portal/sign-in", "/portal/sign-in", ("mobile", mobile))).Headers.Location!.ToString().ShouldStartWith("/portal/code");
        (await CodesSentAsync(mobile)).ShouldBe(0);

        await SettingsAsync(admin, ("SelfSignUp", "true"));
        fixture.Clock.UtcNow = fixture.Clock.UtcNow.AddMinutes(2);
        var known = await visitor.PostForm("/portal/sign-in", "/portal/sign-in", ("mobile", mobile), ("returnUrl", "/portal/profile"));
        var unknown = await Visitor().PostForm("/portal/sign-in", "/portal/sign-in", ("mobile", stranger));
        (known.StatusCode, unknown.StatusCode).ShouldBe((HttpStatusCode.Redirect, HttpStatusCode.Redirect));
        known.Headers.Location!.ToString().ShouldBe($"/portal/code?mobile={mobile}&returnUrl=%2Fportal%2Fprofile");
        unknown.Headers.Location!.ToString().ShouldBe($"/portal/code?mobile={stranger}", "the same answer for a number nobody has");
        (await CodesSentAsync(stranger)).ShouldBe(0);
        (await fixture.Base.QueryAsync(db => db.Set<PortalAccount>().AnyAsync(a => a.ContactId == contact))).ShouldBeFalse("no account until the code is typed");

        // The right code opens the account and signs in, then goes where the link pointed.
        var code = CodePattern().Match((await fixture.Base.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.ToKey == mobile.Substring(1) && m.Urgent))).Body).Groups[1].Value;
        var signedIn = await visitor.PostForm($"/portal/code?mobile={mobile}", "/portal/code", ("mobile", mobile), ("code", code), ("returnUrl", "/portal/profile"));
        signedIn.Headers.Location!.ToString().ShouldBe("/portal/profile");
        var account = await fixture.Base.QueryAsync(db => db.Set<PortalAccount>().AsNoTracking().SingleAsync(a => a.ContactId == contact));
        (account.MobileKey, account.CreatedBy, account.Enabled).ShouldBe((mobile[1..], (Guid?)null, true));
        (await visitor.GetStringAsync("/portal/profile")).ShouldContain("portal-profile-form");

        // A disabled account is not opened again by signing up.
        (await admin.PostForm($"/Contacts/Contacts/Details/{contact}", $"/Portal/Accounts/Disable/{account.Id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        fixture.Clock.UtcNow = fixture.Clock.UtcNow.AddMinutes(2);
        await Visitor().PostForm("/portal/sign-in", "/portal/sign-in", ("mobile", mobile));
        (await CodesSentAsync(mobile)).ShouldBe(1);
        await SettingsAsync(admin, ("SelfSignUp", "false"));
    }

    [Fact]
    public async Task A_link_to_a_portal_page_comes_back_after_signing_in_and_a_link_elsewhere_does_not()
    {
        var (admin, _) = await fixture.SignedInWithIdAsync(CrmRoles.Administrator, await fixture.Base.NewTeamAsync());
        var mobile = Mobile();
        var contact = await fixture.ContactWithMobileAsync(mobile);
        (await admin.PostForm($"/Contacts/Contacts/Details/{contact}", "/Portal/Accounts/Open", ("contactId", contact.ToString()))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var visitor = Visitor();
        var challenge = await visitor.GetAsync("/portal/tickets");
        challenge.Headers.Location!.ToString().ShouldContain("/portal/sign-in?returnUrl=%2Fportal%2Ftickets");
        (await visitor.GetStringAsync("/portal/sign-in?returnUrl=%2Fportal%2Ftickets")).ShouldContain("name=\"returnUrl\" value=\"/portal/tickets\"");
        foreach (var evil in new[] { "https://evil.example/portal/", "//evil.example/portal/x", "/Contacts/Contacts", "/portal/\\evil" })
        {
            (await visitor.GetStringAsync("/portal/sign-in?returnUrl=" + Uri.EscapeDataString(evil))).ShouldNotContain($"name=\"returnUrl\" value=\"{evil}\"");
        }

        await visitor.PostForm("/portal/sign-in", "/portal/sign-in", ("mobile", mobile));
        var code = CodePattern().Match((await fixture.Base.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.ToKey == mobile.Substring(1) && m.Urgent).OrderBy(m => m.CreatedAt).LastAsync())).Body).Groups[1].Value;
        var signedIn = await visitor.PostForm($"/portal/code?mobile={mobile}", "/portal/code", ("mobile", mobile), ("code", code), ("returnUrl", "//evil.example/portal/x"));
        signedIn.Headers.Location!.ToString().ShouldBe("/portal");
    }

    [Fact]
    public async Task A_customer_s_change_of_details_waits_for_staff_who_apply_it_and_where_allowed_it_applies_at_once()
    {
        var (admin, adminId) = await fixture.SignedInWithIdAsync(CrmRoles.Administrator, await fixture.Base.NewTeamAsync());
        var mobile = Mobile();
        var contact = await fixture.ContactWithMobileAsync(mobile);
        await fixture.Base.QueryAsync(db => db.Set<Contact>().Where(c => c.Id == contact).ExecuteUpdateAsync(u => u.SetProperty(c => c.OwnerId, adminId)));
        var customer = await fixture.PortalCustomerAsync(admin, contact, mobile);

        // Bad values are refused with a reason and kept; nothing changed is said so.
        var bad = await customer.PostForm("/portal/profile", "/portal/profile", ("Email", "not-an-email"), ("PostalCode", "123"), ("City", new string('ش', 150)));
        bad.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var page = await bad.Content.ReadAsStringAsync();
        page.ShouldContain("not-an-email");
        page.Split("is-invalid").Length.ShouldBe(4, "email, postal code and city are each marked");
        (await customer.PostForm("/portal/profile", "/portal/profile")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);

        // A request: staff see it on the contact's card and the accounts page; a rep of another team cannot decide it.
        var email = Unique("n") + "@customer.example";
        (await customer.PostForm("/portal/profile", "/portal/profile", ("Email", email), ("PostalCode", "۱۲۳۴۵-۶۷۸۹۰"), ("City", "اصفهان"), ("Address", "خیابان چهارباغ، پلاک ۱۲")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await customer.GetStringAsync("/portal/profile")).ShouldContain("id=\"portal-profile-pending\"");
        var request = await fixture.Base.QueryAsync(db => db.Set<PortalProfileRequest>().AsNoTracking().SingleAsync(r => r.ContactId == contact));
        (request.State, request.PostalCode).ShouldBe((ProfileRequestState.Pending, "1234567890"));
        (await ContactAsync(contact)).PrimaryEmail.ShouldBeNull("nothing changes before staff apply it");
        (await fixture.Base.QueryAsync(db => db.Set<Crm.Modules.Notifications.Domain.Notification>().CountAsync(n => n.UserId == adminId && n.Url == $"/Contacts/Contacts/Details/{contact}")))
            .ShouldBe(1, "the contact's owner is told");
        (await admin.GetStringAsync($"/Contacts/Contacts/Details/{contact}")).ShouldContain("id=\"portal-profile-request\"");
        (await admin.GetStringAsync("/Portal/Accounts")).ShouldContain("id=\"portal-requests\"");
        var stranger = await fixture.Base.SignedInAsync(CrmRoles.SalesRep, await fixture.Base.NewTeamAsync());
        (await stranger.PostForm("/", $"/Portal/Accounts/Decide/{request.Id}", ("apply", "true"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await admin.PostForm($"/Contacts/Contacts/Details/{contact}", $"/Portal/Accounts/Decide/{request.Id}", ("apply", "true"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var changed = await ContactAsync(contact);
        (changed.PrimaryEmail, changed.City).ShouldBe((email, "اصفهان"));
        (await fixture.Base.QueryAsync(db => db.Set<PortalProfileRequest>().AsNoTracking().SingleAsync(r => r.Id == request.Id))).State.ShouldBe(ProfileRequestState.Applied);
        (await admin.PostForm($"/Contacts/Contacts/Details/{contact}", $"/Portal/Accounts/Decide/{request.Id}", ("apply", "true"))).StatusCode.ShouldBe(HttpStatusCode.NotFound, "decided once");

        // Applied at once where the administrator allows it.
        await SettingsAsync(admin, ("ApplyProfileChanges", "true"));
        (await customer.PostForm("/portal/profile", "/portal/profile", ("Phone", "021-88776655"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await fixture.Base.QueryAsync(db => db.Set<PhoneEntry>().AnyAsync(p => p.ContactId == contact && p.NumberKey == "2188776655"))).ShouldBeTrue();
        (await fixture.Base.QueryAsync(db => db.Set<PortalProfileRequest>().CountAsync(r => r.ContactId == contact))).ShouldBe(1, "no request when applied at once");
        await SettingsAsync(admin, ("ApplyProfileChanges", "false"));
    }

    [Fact]
    public async Task A_customer_signs_in_with_email_and_password_where_allowed_and_wrong_tries_lock_it_with_the_same_answer_as_an_unknown_email()
    {
        var (admin, _) = await fixture.SignedInWithIdAsync(CrmRoles.Administrator, await fixture.Base.NewTeamAsync());
        var mobile = Mobile();
        var contact = await fixture.ContactWithMobileAsync(mobile);
        var customer = await fixture.PortalCustomerAsync(admin, contact, mobile);
        var email = Unique("p") + "@customer.example";
        (await Visitor().GetStringAsync("/portal/sign-in")).ShouldNotContain("portal-password-sign-in");
        (await Visitor().PostForm("/portal/sign-in", "/portal/sign-in/password", ("email", email), ("password", "x"))).StatusCode.ShouldBe(HttpStatusCode.NotFound, "off by default");

        await SettingsAsync(admin, ("PasswordSignIn", "true"), ("ApplyProfileChanges", "true"));
        (await customer.GetStringAsync("/portal/profile")).ShouldContain("id=\"portal-password-card\"");
        (await customer.PostForm("/portal/profile", "/portal/profile", ("Email", email))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var weak = await customer.PostForm("/portal/profile", "/portal/profile/password", ("password", "short"), ("confirm", "short"));
        weak.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await weak.Content.ReadAsStringAsync()).ShouldContain("id=\"portal-password-problem\"");
        (await customer.PostForm("/portal/profile", "/portal/profile/password", ("password", "baharan1405"), ("confirm", "baharan1406"))).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await customer.PostForm("/portal/profile", "/portal/profile/password", ("password", "baharan1405"), ("confirm", "baharan1405"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await customer.GetAsync("/portal/profile")).StatusCode.ShouldBe(HttpStatusCode.OK, "the session that set it goes on");
        var stored = await fixture.Base.QueryAsync(db => db.Set<PortalAccount>().AsNoTracking().SingleAsync(a => a.ContactId == contact));
        stored.PasswordHash!.ShouldNotContain("baharan1405");

        var unknown = await Visitor().PostForm("/portal/sign-in", "/portal/sign-in/password", ("email", "nobody-" + email), ("password", "baharan1405"));
        var wrong = await Visitor().PostForm("/portal/sign-in", "/portal/sign-in/password", ("email", email), ("password", "wrong-1234"));
        (unknown.StatusCode, wrong.StatusCode).ShouldBe((HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity));
        var (unknownPage, wrongPage) = (await unknown.Content.ReadAsStringAsync(), await wrong.Content.ReadAsStringAsync());
        Between(unknownPage.Replace("nobody-" + email, "")).ShouldBe(Between(wrongPage.Replace(email, "")), "the same answer for an unknown email");
        wrongPage.ShouldContain("id=\"portal-password-error\"");

        var visitor = Visitor();
        var signedIn = await visitor.PostForm("/portal/sign-in", "/portal/sign-in/password", ("email", email.ToUpperInvariant()), ("password", "baharan1405"), ("returnUrl", "/portal/tasks"));
        signedIn.Headers.Location!.ToString().ShouldBe("/portal/tasks");
        (await visitor.GetAsync("/portal/tasks")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Five wrong passwords lock it: then even the right one is refused, with the same answer, until the lock ends.
        for (var i = 0; i < PortalPasswords.MaxFailures; i++)
        {
            await Visitor().PostForm("/portal/sign-in", "/portal/sign-in/password", ("email", email), ("password", "wrong-" + i + "x"));
        }

        (await Visitor().PostForm("/portal/sign-in", "/portal/sign-in/password", ("email", email), ("password", "baharan1405"))).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        fixture.Clock.UtcNow = fixture.Clock.UtcNow.Add(PortalPasswords.LockFor).AddMinutes(1);
        (await Visitor().PostForm("/portal/sign-in", "/portal/sign-in/password", ("email", email), ("password", "baharan1405"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // A disabled account cannot sign in by password either.
        (await admin.PostForm($"/Contacts/Contacts/Details/{contact}", $"/Portal/Accounts/Disable/{stored.Id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Visitor().PostForm("/portal/sign-in", "/portal/sign-in/password", ("email", email), ("password", "baharan1405"))).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await visitor.GetAsync("/portal/tasks")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "and its open session ends");
        await SettingsAsync(admin, ("PasswordSignIn", "false"));
    }

    /// <summary>A page's main part, without the tokens that differ between any two pages.</summary>
    private static string Between(string page) =>
        SessionToken().Replace(page[page.IndexOf("<main", StringComparison.Ordinal)..page.IndexOf("</main>", StringComparison.Ordinal)], "");

    [Fact]
    public async Task The_administrator_s_logo_shows_on_the_portal_and_a_file_that_is_not_an_image_is_refused()
    {
        var (admin, _) = await fixture.SignedInWithIdAsync(CrmRoles.Administrator, await fixture.Base.NewTeamAsync());
        var refused = await UploadLogoAsync(admin, "logo.png", "<svg onload=alert(1)>"u8.ToArray());
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("is-invalid");
        (await Visitor().GetAsync("/portal/logo")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await UploadLogoAsync(admin, "logo.png", Png)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var logo = await Visitor().GetAsync("/portal/logo");
        logo.StatusCode.ShouldBe(HttpStatusCode.OK);
        logo.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await logo.Content.ReadAsByteArrayAsync()).ShouldBe(Png);
        (await Visitor().GetStringAsync("/portal/sign-in")).ShouldContain("id=\"portal-logo\"");

        await SettingsAsync(admin, ("RemoveLogo", "true"));
        (await Visitor().GetAsync("/portal/logo")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_quote_s_link_opens_that_quote_read_only_without_signing_in_until_staff_revoke_it_and_a_link_expires()
    {
        var (admin, _) = await fixture.SignedInWithIdAsync(CrmRoles.Administrator, await fixture.Base.NewTeamAsync());
        var contact = await fixture.ContactWithMobileAsync(Mobile());
        var email = Unique("q") + "@customer.example";
        var quote = await fixture.SentQuoteAsync(admin, Today, contact, email);
        var mail = await fixture.Base.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.ToKey == email));
        var link = QuoteLink().Match(mail.Body).Value;
        link.ShouldStartWith("http://localhost/portal/shared/quote/", Case.Sensitive, "built from the public address");
        var path = new Uri(link).AbsolutePath;

        var visitor = Visitor();
        var page = await visitor.GetAsync(path);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("پشتیبانی سالانه");
        html.ShouldContain("id=\"portal-quote-sign-in\"");
        html.ShouldNotContain("id=\"portal-quote-accept\"", Case.Sensitive, "deciding needs the customer signed in");
        var pdf = await visitor.GetAsync(path + "/pdf");
        pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        (await visitor.GetAsync(path.Replace("/quote/", "/invoice/", StringComparison.Ordinal))).StatusCode.ShouldBe(HttpStatusCode.NotFound, "a quote's link opens no invoice");
        (await visitor.GetAsync(path[..^4] + "AAAA")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await visitor.GetAsync("/portal/shared/quote/" + new string('a', 500))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await visitor.GetAsync($"/portal/quotes/{quote}")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "the customer's own pages still ask to sign in");

        // Staff see the link, how often it was opened, and revoke it; a rep who cannot see the quote cannot.
        var details = await admin.GetStringAsync($"/Invoicing/Quotes/Details/{quote}");
        details.ShouldContain("id=\"portal-document-links\"");
        var linkId = await fixture.Base.QueryAsync(db => db.Set<PortalDocumentLink>().AsNoTracking().Where(l => l.DocumentId == quote).Select(l => new { l.Id, l.Opens }).SingleAsync());
        linkId.Opens.ShouldBe(2);
        var stranger = await fixture.Base.SignedInAsync(CrmRoles.SalesRep, await fixture.Base.NewTeamAsync());
        (await stranger.PostForm("/", $"/Portal/Links/Revoke/{linkId.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await visitor.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PostForm($"/Invoicing/Quotes/Details/{quote}", $"/Portal/Links/Revoke/{linkId.Id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await visitor.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await visitor.GetAsync(path + "/pdf")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A link lives as long as it was issued for.
        string shortLived;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            shortLived = await scope.ServiceProvider.GetRequiredService<IMediator>()
                .Send(new IssueDocumentLink("Quote", quote, contact, "/portal/shared/quote/") { Lifetime = TimeSpan.FromHours(1) });
        }

        var shortPath = new Uri(shortLived).AbsolutePath;
        (await visitor.GetAsync(shortPath)).StatusCode.ShouldBe(HttpStatusCode.OK);
        fixture.Clock.UtcNow = fixture.Clock.UtcNow.AddHours(2);
        (await visitor.GetAsync(shortPath)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private HttpClient Visitor() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private Task<int> CodesSentAsync(string mobile) =>
        fixture.Base.QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.ToKey == mobile.Substring(1) && m.Urgent));

    private Task<Contact> ContactAsync(Guid id) => fixture.Base.QueryAsync(db => db.Set<Contact>().AsNoTracking().SingleAsync(c => c.Id == id));

    /// <summary>Saves the portal's settings page with some fields changed (the rest as the page shows them).</summary>
    private static async Task SettingsAsync(HttpClient admin, params (string Name, string Value)[] changes)
    {
        var page = await admin.GetStringAsync("/Portal/Settings");
        var version = VersionField().Match(page).Groups[1].Value;
        var fields = new List<(string, string)> { ("Version", version) };
        foreach (var name in new[] { "SelfSignUp", "PasswordSignIn", "ApplyProfileChanges" })
        {
            if (!changes.Any(c => c.Name == name) && page.Contains($"id=\"{name}\" checked", StringComparison.Ordinal))
            {
                fields.Add((name, "true"));
            }
        }

        fields.AddRange(changes);
        (await admin.PostForm("/Portal/Settings", "/Portal/Settings/Save", [.. fields])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    private static async Task<HttpResponseMessage> UploadLogoAsync(HttpClient admin, string name, byte[] bytes)
    {
        var page = await admin.GetStringAsync("/Portal/Settings");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await admin.TokenFrom("/Portal/Settings")), "__RequestVerificationToken" },
            { new StringContent(VersionField().Match(page).Groups[1].Value), "Version" },
        };
        form.Add(new ByteArrayContent(bytes), "logo", name);
        return await admin.PostAsync("/Portal/Settings/Save", form);
    }

    [GeneratedRegex("name=\"Version\" value=\"([^\"]+)\"")]
    private static partial Regex VersionField();

    [GeneratedRegex("https?://[^\\s<\"]+/portal/shared/quote/[A-Za-z0-9_-]+")]
    private static partial Regex QuoteLink();
}

public sealed class SqlitePortalSelfServiceTests(SqlitePortalFixture fixture) : PortalSelfServiceTests<SqlitePortalFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresPortalSelfServiceTests(PostgresPortalFixture fixture) : PortalSelfServiceTests<PostgresPortalFixture>(fixture);
