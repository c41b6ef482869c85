using System.Net;
using System.Text.RegularExpressions;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.Modules.Portal.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Crm.IntegrationTests.HttpForms;
using static Crm.IntegrationTests.PortalSupport;
using static Crm.IntegrationTests.TestSupport;

namespace Crm.IntegrationTests;

public sealed class SqlitePortalFixture() : WorkflowAppFixture(DatabaseProviders.Sqlite);

public sealed class PostgresPortalFixture() : WorkflowAppFixture(DatabaseProviders.PostgreSql);

/// <summary>
/// The customer portal's door on each provider, with a clock the tests move: accounts opened by staff from the contact's
/// page, one-time codes by SMS with their limits, no answer that tells a known number from an unknown one, and the
/// portal's cookie kept apart from the staff's.
/// </summary>
public abstract partial class PortalTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : WorkflowAppFixture
{
    private MovableClock Clock => fixture.Clock;

    private WebApplicationFactory<Program> App => fixture.App;

    [Fact]
    public async Task A_customer_invited_from_their_page_signs_in_with_a_code_texted_to_them_and_stays_out_of_staff_pages()
    {
        var (admin, _) = await fixture.SignedInWithIdAsync(CrmRoles.Administrator, await fixture.Base.NewTeamAsync());
        var mobile = Mobile();
        var contactId = await ContactAsync(mobile);
        var page = $"/Contacts/Contacts/Details/{contactId}";
        (await admin.GetStringAsync(page)).ShouldContain("id=\"portal-open\"");
        var opened = await admin.PostForm(page, "/Portal/Accounts/Open", ("contactId", contactId.ToString()));
        opened.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        opened.Headers.Location!.ToString().ShouldBe(page);
        (await admin.GetStringAsync(page)).ShouldContain("id=\"portal-account-status\"");
        var invitation = (await SmsToAsync(mobile)).ShouldHaveSingleItem();
        invitation.Body.ShouldContain("http://localhost/portal/sign-in");
        invitation.Urgent.ShouldBeFalse();
        // A second account for the same contact is refused, nothing added.
        await admin.PostForm(page, "/Portal/Accounts/Open", ("contactId", contactId.ToString()));
        (await fixture.Base.QueryAsync(db => db.Set<PortalAccount>().CountAsync(a => a.ContactId == contactId))).ShouldBe(1);

        // The number typed another way (international, Persian digits) reaches the same account.
        var customer = Client();
        var typed = "+98 " + Crm.SharedKernel.Localization.Digits.ToPersian(mobile[1..]);
        var asked = await customer.PostForm("/portal/sign-in", "/portal/sign-in", ("mobile", typed));
        asked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var codePage = asked.Headers.Location!.ToString();
        codePage.ShouldBe("/portal/code?mobile=" + mobile);
        var sms = (await SmsToAsync(mobile)).Last();
        sms.Urgent.ShouldBeTrue();
        var code = CodeIn(sms.Body);

        var html = await customer.GetStringAsync(codePage);
        html.ShouldContain("inputmode=\"numeric\"");
        html.ShouldContain("autocomplete=\"one-time-code\"");
        var wrong = await customer.PostForm(codePage, "/portal/code", ("mobile", mobile), ("code", code == "000000" ? "111111" : "000000"));
        wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("portal-error");
        var right = await customer.PostForm(codePage, "/portal/code", ("mobile", mobile), ("code", Crm.SharedKernel.Localization.Digits.ToPersian(code)));
        right.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        right.Headers.Location!.ToString().ShouldBe("/portal");
        var home = await customer.GetAsync("/portal");
        home.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await home.Content.ReadAsStringAsync()).ShouldContain("portal-greeting");

        // The portal's session opens no staff page, and the staff's opens no portal page.
        var staffPage = await customer.GetAsync("/Contacts/Contacts");
        staffPage.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        staffPage.Headers.Location!.ToString().ShouldContain("/Identity/Account/SignIn");
        (await customer.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var portalAsStaff = await admin.GetAsync("/portal");
        portalAsStaff.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        portalAsStaff.Headers.Location!.ToString().ShouldContain("/portal/sign-in");

        // The code was used: typed again on another device, it is refused.
        var other = Client();
        var again = await other.PostForm(codePage, "/portal/code", ("mobile", mobile), ("code", code));
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await other.GetAsync("/portal")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // Disabled by staff: the open session ends at its next request; enabled again, the customer signs in anew.
        var accountId = await fixture.Base.QueryAsync(db => db.Set<PortalAccount>().Where(a => a.ContactId == contactId).Select(a => a.Id).FirstAsync());
        (await admin.PostForm(page, $"/Portal/Accounts/Disable/{accountId}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var afterDisable = await customer.GetAsync("/portal");
        afterDisable.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        afterDisable.Headers.Location!.ToString().ShouldContain("/portal/sign-in");
        (await admin.PostForm(page, $"/Portal/Accounts/Enable/{accountId}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await customer.GetAsync("/portal")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Codes_expire_are_tried_five_times_wait_a_minute_between_them_and_an_unknown_number_is_answered_alike()
    {
        var (admin, _) = await fixture.SignedInWithIdAsync(CrmRoles.Administrator, await fixture.Base.NewTeamAsync());
        var mobile = Mobile();
        var contactId = await ContactAsync(mobile);
        await admin.PostForm($"/Contacts/Contacts/Details/{contactId}", "/Portal/Accounts/Open", ("contactId", contactId.ToString()));
        var customer = Client();

        // Known and unknown numbers: the same answer, a code row each, an SMS only to the known one.
        var unknown = Mobile();
        var knownAnswer = await customer.PostForm("/portal/sign-in", "/portal/sign-in", ("mobile", mobile));
        var unknownAnswer = await customer.PostForm("/portal/sign-in", "/portal/sign-in", ("mobile", unknown));
        knownAnswer.StatusCode.ShouldBe(unknownAnswer.StatusCode);
        unknownAnswer.Headers.Location!.ToString().ShouldBe("/portal/code?mobile=" + unknown);
        var knownPage = await customer.GetStringAsync("/portal/code?mobile=" + mobile);
        var unknownPage = await customer.GetStringAsync("/portal/code?mobile=" + unknown);
        Normalised(knownPage, mobile).ShouldBe(Normalised(unknownPage, unknown));
        (await CodesAsync(unknown)).ShouldBe(1);
        (await SmsToAsync(unknown)).ShouldBeEmpty();
        var unknownTry = await customer.PostForm("/portal/code?mobile=" + unknown, "/portal/code", ("mobile", unknown), ("code", "123456"));
        unknownTry.StatusCode.ShouldBe(HttpStatusCode.OK);

        // Another code within the minute: none is made, the page counts down.
        await customer.PostForm("/portal/sign-in", "/portal/sign-in", ("mobile", mobile));
        (await CodesAsync(mobile)).ShouldBe(1);
        (await customer.GetStringAsync("/portal/code?mobile=" + mobile)).ShouldContain("data-wait=\"");

        // Five wrong tries spend the code: the right one is then refused too.
        var code = CodeIn((await SmsToAsync(mobile)).Last(m => m.Urgent).Body);
        var wrongCode = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 5; i++)
        {
            await customer.PostForm("/portal/code?mobile=" + mobile, "/portal/code", ("mobile", mobile), ("code", wrongCode));
        }

        (await customer.PostForm("/portal/code?mobile=" + mobile, "/portal/code", ("mobile", mobile), ("code", code))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await customer.GetAsync("/portal")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // A minute later a new code may be asked; two minutes after it, it has expired.
        Clock.UtcNow += TimeSpan.FromSeconds(61);
        await customer.PostForm("/portal/sign-in", "/portal/sign-in", ("mobile", mobile));
        (await CodesAsync(mobile)).ShouldBe(2);
        var fresh = CodeIn((await SmsToAsync(mobile)).Last(m => m.Urgent).Body);
        Clock.UtcNow += TimeSpan.FromSeconds(121);
        (await customer.PostForm("/portal/code?mobile=" + mobile, "/portal/code", ("mobile", mobile), ("code", fresh))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await customer.GetAsync("/portal")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // At most five codes to a number in an hour.
        for (var i = 0; i < 5; i++)
        {
            Clock.UtcNow += TimeSpan.FromSeconds(61);
            await customer.PostForm("/portal/sign-in", "/portal/sign-in", ("mobile", mobile));
        }

        (await CodesAsync(mobile)).ShouldBe(5);
        var refused = await customer.PostForm("/portal/sign-in", "/portal/sign-in", ("mobile", mobile));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("portal-error");
        Clock.UtcNow += TimeSpan.FromHours(1);
    }

    [Fact]
    public async Task A_sales_rep_cannot_manage_portal_accounts_and_a_manager_cannot_open_one_for_a_contact_that_does_not_exist()
    {
        var (rep, _) = await fixture.SignedInWithIdAsync(CrmRoles.SalesRep, await fixture.Base.NewTeamAsync());
        (await rep.GetAsync("/Portal/Accounts")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var contactId = await ContactAsync(Mobile());
        var token = await rep.TokenFrom("/Contacts/Contacts");
        var post = await rep.PostAsync("/Portal/Accounts/Open", new FormUrlEncodedContent(
            [KeyValuePair.Create("contactId", contactId.ToString()), KeyValuePair.Create("__RequestVerificationToken", token)]));
        post.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // A manager may open accounts (managers see every customer), but not for a contact that does not exist.
        var (manager, _) = await fixture.SignedInWithIdAsync(CrmRoles.SalesManager, await fixture.Base.NewTeamAsync());
        (await manager.GetAsync("/Portal/Accounts")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var madeUp = Guid.NewGuid();
        (await manager.PostForm("/Portal/Accounts", "/Portal/Accounts/Open", ("contactId", madeUp.ToString()))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await manager.PostForm("/Portal/Accounts", $"/Portal/Accounts/Disable/{madeUp}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await fixture.Base.QueryAsync(db => db.Set<PortalAccount>().AnyAsync(a => a.ContactId == madeUp))).ShouldBeFalse();

        // A post without the anti-forgery token is refused.
        (await manager.PostAsync("/Portal/Accounts/Open", new FormUrlEncodedContent([KeyValuePair.Create("contactId", contactId.ToString())]))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await fixture.Base.QueryAsync(db => db.Set<PortalAccount>().AnyAsync(a => a.ContactId == contactId))).ShouldBeFalse();
    }

    private HttpClient Client() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private async Task<Guid> ContactAsync(string mobile)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>()
            .Send(new CreateContact("مریم", Unique("رضایی"), mobile, null, null, null, CustomerSource.Phone, null, null, null, null));
    }

    private Task<List<OutboxMessage>> SmsToAsync(string mobile) =>
        fixture.Base.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.ToKey == mobile.Substring(1)).OrderBy(m => m.CreatedAt).ToListAsync());

    private Task<int> CodesAsync(string mobile) =>
        fixture.Base.QueryAsync(db => db.Set<PortalSignInCode>().CountAsync(c => c.MobileKey == mobile.Substring(1)));

    private static string CodeIn(string body)
    {
        var code = CodePattern().Match(body).Groups[1].Value;
        code.Length.ShouldBe(6, body);
        return code;
    }

    /// <summary>A code page with its number and anti-forgery token taken out, to compare the pages of two numbers.</summary>
    private static string Normalised(string html, string mobile) =>
        TokenValue().Replace(html.Replace(mobile, "N").Replace(Crm.SharedKernel.Text.PhoneNumber.Display(mobile), "N")
            .Replace(Crm.SharedKernel.Localization.Digits.ToPersian(Crm.SharedKernel.Text.PhoneNumber.Display(mobile)), "N"), "T")
            .Replace(WaitValue().Match(html).Value, "");

    [GeneratedRegex("value=\"CfDJ8[^\"]+\"")]
    private static partial Regex TokenValue();

    [GeneratedRegex("data-wait=\"\\d+\"")]
    private static partial Regex WaitValue();
}

public sealed class SqlitePortalTests(SqlitePortalFixture fixture) : PortalTests<SqlitePortalFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresPortalTests(PostgresPortalFixture fixture) : PortalTests<PostgresPortalFixture>(fixture);

/// <summary>A sign-in code is not kept waiting behind a bulk send: the outbox's urgent lane hands it over within seconds.</summary>
public abstract class PortalUrgentLaneTests(string provider)
{
    [Fact]
    public async Task A_sign_in_code_goes_out_within_five_seconds_while_ten_thousand_marketing_messages_are_queued()
    {
        using var app = new CrmAppFactory(provider);
        _ = app.Server;
        var now = DateTime.UtcNow;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            db.AddRange(Enumerable.Range(0, 10_000).Select(i => new OutboxMessage
            {
                Channel = Crm.Modules.Messaging.Contracts.MessageChannel.Sms,
                Category = Crm.Modules.Messaging.Contracts.MessageCategory.Marketing,
                To = "0912" + (1_000_000 + i), ToKey = "912" + (1_000_000 + i), Body = "Yalda sale", CreatedAt = now, NextAttemptAt = now,
            }));
            await db.SaveChangesAsync();
        }

        var mobile = Mobile();
        Guid contactId;
        using (var scope = app.Services.CreateScope())
        {
            contactId = await scope.ServiceProvider.GetRequiredService<IMediator>()
                .Send(new CreateContact("سارا", Unique("احمدی"), mobile, null, null, null, CustomerSource.Phone, null, null, null, null));
        }

        var admin = app.Browser();
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        (await admin.PostForm($"/Contacts/Contacts/Details/{contactId}", "/Portal/Accounts/Open", ("contactId", contactId.ToString()))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        // The bulk send is under way (paced at five a second) before the customer asks for a code.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await app.QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.Status != Crm.Modules.Messaging.Contracts.MessageStatus.Queued && m.Category == Crm.Modules.Messaging.Contracts.MessageCategory.Marketing)) == 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the bulk send did not start");
            await Task.Delay(200);
        }

        var customer = app.Browser();
        var asked = DateTime.UtcNow;
        (await customer.PostForm("/portal/sign-in", "/portal/sign-in", ("mobile", mobile))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        OutboxMessage? code = null;
        while (code?.Status != Crm.Modules.Messaging.Contracts.MessageStatus.Sent)
        {
            (DateTime.UtcNow - asked).ShouldBeLessThan(TimeSpan.FromSeconds(5), "the sign-in code waited behind the bulk send");
            await Task.Delay(100);
            code = await app.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking().FirstOrDefaultAsync(m => m.Urgent && m.ToKey == mobile.Substring(1)));
        }

        (await app.QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.Status == Crm.Modules.Messaging.Contracts.MessageStatus.Queued))).ShouldBeGreaterThan(9_000);
        // Handed to the (development) gateway: its file holds the code.
        var file = Directory.GetFiles(Path.Combine(app.DataFolder, "sms"), $"*{code.Id:N}.txt").ShouldHaveSingleItem();
        File.ReadAllText(file).ShouldContain(code.Body.Split('#')[1]);
    }
}

public sealed class SqlitePortalUrgentLaneTests() : PortalUrgentLaneTests(DatabaseProviders.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresPortalUrgentLaneTests() : PortalUrgentLaneTests(DatabaseProviders.PostgreSql);
