using System.Net;
using Crm.Modules.Activities.Domain;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Invoicing.Domain;
using Crm.Modules.Portal.Domain;
using Crm.Modules.Tickets.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Crm.IntegrationTests.TestSupport;

namespace Crm.IntegrationTests;

/// <summary>
/// What a customer sees on the portal, on each provider: their own invoices, quotes, tickets and repairs, and 404 for
/// anyone else's in every section and every download; their organization's only where staff allow it; deciding a quote
/// once; the public thread of a ticket without internal notes.
/// </summary>
public abstract class PortalSectionsTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : WorkflowAppFixture
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    private WebApplicationFactory<Program> App => fixture.App;

    private DateOnly Today => App.Services.GetRequiredService<IDisplayFormatter>().Today();

    [Fact]
    public async Task A_customer_sees_their_own_records_in_every_section_and_anyone_elses_is_not_found_in_pages_downloads_and_posts()
    {
        var (admin, _) = await fixture.SignedInWithIdAsync(CrmRoles.Administrator, await fixture.Base.NewTeamAsync());
        var (mobileA, mobileB) = (Mobile(), Mobile());
        var (contactA, contactB) = (await fixture.ContactWithMobileAsync(mobileA), await fixture.ContactWithMobileAsync(mobileB));
        var customerA = await fixture.PortalCustomerAsync(admin, contactA, mobileA);
        var customerB = await fixture.PortalCustomerAsync(admin, contactB, mobileB);

        var (invoiceA, invoiceB) = (await admin.IssuedInvoiceAsync(Today, $"Contact:{contactA}"), await admin.IssuedInvoiceAsync(Today, $"Contact:{contactB}"));
        var (quoteA, quoteB) = (await fixture.SentQuoteAsync(admin, Today, contactA), await fixture.SentQuoteAsync(admin, Today, contactB));
        var draft = IdFrom(await admin.PostForm("/Invoicing/Invoices/Create", "/Invoicing/Invoices/Save", PortalSupport.InvoiceFields($"Contact:{contactA}", Today)));

        // Invoices: the list holds the customer's issued ones only (no drafts); the page shows lines and balance; the PDF is the printed invoice.
        var list = await customerA.GetStringAsync("/portal/invoices");
        list.ShouldContain(invoiceA.ToString());
        list.ShouldNotContain(invoiceB.ToString());
        list.ShouldNotContain(draft.ToString());
        var page = await customerA.GetStringAsync($"/portal/invoices/{invoiceA}");
        page.ShouldContain("id=\"portal-invoice-balance\"");
        page.ShouldContain("خدمات نصب");
        page.ShouldContain(Digits.ToPersian(JalaliDate.FormatLong(Today.AddDays(30))), Case.Sensitive, "the due date, in the Jalali calendar");
        var pdf = await customerA.GetAsync($"/portal/invoices/{invoiceA}/pdf");
        pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
        pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        (await pdf.Content.ReadAsByteArrayAsync()).Take(5).ShouldBe("%PDF-"u8.ToArray());

        // Quotes: the same, and the decision form on an open one.
        var quotes = await customerA.GetStringAsync("/portal/quotes");
        quotes.ShouldContain(quoteA.ToString());
        quotes.ShouldNotContain(quoteB.ToString());
        (await customerA.GetStringAsync($"/portal/quotes/{quoteA}")).ShouldContain("id=\"portal-quote-accept\"");

        // Tickets: opened with a file; staff answer it and write an internal note with a file of its own.
        var opened = await customerA.PostWithFiles("/portal/tickets/new", "/portal/tickets/new",
            [("Subject", "کارت‌خوان روشن نمی‌شود"), ("Description", "از دیروز چراغش خاموش است")], ("رسید.pdf", Pdf));
        opened.StatusCode.ShouldBe(HttpStatusCode.Redirect, await opened.Content.ReadAsStringAsync());
        var ticketId = Guid.Parse(opened.Headers.Location!.ToString().Split('/').Last());
        var ticket = await fixture.Base.QueryAsync(db => db.Set<Ticket>().AsNoTracking().SingleAsync(t => t.Id == ticketId));
        (ticket.ContactId, ticket.Channel, ticket.Status == TicketStatus.Cancelled).ShouldBe((contactA, TicketChannel.Portal, false));
        var customerFile = await fixture.Base.QueryAsync(db => db.Set<TicketAttachment>().AsNoTracking().SingleAsync(a => a.TicketId == ticketId));
        await StaffEntryAsync(admin, ticketId, "Note", "یادداشت-درونی-محرمانه", ("internal.pdf", Pdf));
        await StaffEntryAsync(admin, ticketId, "Reply", "لطفاً دستگاه را به نمایندگی بیاورید");
        var noteFile = await fixture.Base.QueryAsync(db => db.Set<TicketAttachment>().AsNoTracking().SingleAsync(a => a.TicketId == ticketId && a.FileName == "internal.pdf"));
        var thread = await customerA.GetStringAsync($"/portal/tickets/{ticketId}");
        thread.ShouldContain("لطفاً دستگاه را به نمایندگی بیاورید");
        thread.ShouldContain("از دیروز چراغش خاموش است");
        thread.ShouldContain($"/portal/tickets/{ticketId}/files/{customerFile.Id}");
        thread.ShouldNotContain("یادداشت-درونی-محرمانه");
        thread.ShouldNotContain("internal.pdf");
        (await customerA.GetAsync($"/portal/tickets/{ticketId}/files/{customerFile.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await customerA.GetAsync($"/portal/tickets/{ticketId}/files/{noteFile.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "a note's file is internal");
        var replied = await customerA.PostWithFiles($"/portal/tickets/{ticketId}", $"/portal/tickets/{ticketId}/reply", [("body", "فردا می‌آورم")]);
        replied.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await fixture.Base.QueryAsync(db => db.Set<TicketEntry>().CountAsync(e => e.TicketId == ticketId && e.Kind == TicketEntryKind.CustomerReply))).ShouldBe(1);

        // Repairs: one each, waiting on the estimate.
        var (repairA, repairB) = (await RepairAwaitingApprovalAsync(contactA), await RepairAwaitingApprovalAsync(contactB));
        (await customerA.GetStringAsync("/portal/repairs")).ShouldNotContain(repairB.ToString());
        (await customerA.GetStringAsync($"/portal/repairs/{repairA}")).ShouldContain("id=\"portal-repair-approve\"");

        // Another customer's record by id: not found, in every section, download and post, and nothing changes.
        string[] others =
        [
            $"/portal/invoices/{invoiceB}", $"/portal/invoices/{invoiceB}/pdf", $"/portal/invoices/{draft}", $"/portal/quotes/{quoteB}", $"/portal/quotes/{quoteB}/pdf",
            $"/portal/repairs/{repairB}",
        ];
        foreach (var url in others)
        {
            (await customerA.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
        }

        foreach (var url in new[] { $"/portal/tickets/{ticketId}", $"/portal/tickets/{ticketId}/files/{customerFile.Id}" })
        {
            (await customerB.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
        }

        var token = await customerA.TokenFrom("/portal/quotes");
        async Task<HttpStatusCode> PostAs(HttpClient client, string formToken, string url, params (string, string)[] fields) =>
            (await client.PostAsync(url, new FormUrlEncodedContent(fields.Append(("__RequestVerificationToken", formToken)).Select(f => KeyValuePair.Create(f.Item1, f.Item2))))).StatusCode;
        (await PostAs(customerA, token, $"/portal/quotes/{quoteB}/decide", ("accept", "true"), ("name", "مریم رضایی"))).ShouldBe(HttpStatusCode.NotFound);
        (await PostAs(customerA, token, $"/portal/repairs/{repairB}/answer", ("approve", "true"))).ShouldBe(HttpStatusCode.NotFound);
        var tokenB = await customerB.TokenFrom("/portal/tickets");
        (await PostAs(customerB, tokenB, $"/portal/tickets/{ticketId}/reply", ("body", "نفوذ"))).ShouldBe(HttpStatusCode.NotFound);
        (await PostAs(customerB, tokenB, $"/portal/tickets/{ticketId}/rate", ("score", "1"))).ShouldBe(HttpStatusCode.NotFound);
        (await fixture.Base.QueryAsync(db => db.Set<Quote>().SingleAsync(q => q.Id == quoteB))).Status.ShouldBe(QuoteStatus.Sent);
        (await fixture.Base.QueryAsync(db => db.Set<RepairOrder>().SingleAsync(r => r.Id == repairB))).Status.ShouldBe(RepairStatus.AwaitingApproval);
        (await fixture.Base.QueryAsync(db => db.Set<TicketEntry>().CountAsync(e => e.TicketId == ticketId && e.Kind == TicketEntryKind.CustomerReply))).ShouldBe(1);

        // Their own estimate: approved from the portal, the repair goes ahead.
        (await PostAs(customerA, token, $"/portal/repairs/{repairA}/answer", ("approve", "true"))).ShouldBe(HttpStatusCode.Redirect);
        var approved = await fixture.Base.QueryAsync(db => db.Set<RepairOrder>().SingleAsync(r => r.Id == repairA));
        (approved.Status, approved.ApprovedVia).ShouldBe((RepairStatus.Repairing, ApprovalChannel.Portal));

        // Resolved, the ticket is rated once.
        var version = (await fixture.Base.QueryAsync(db => db.Set<Ticket>().SingleAsync(t => t.Id == ticketId))).Version;
        (await admin.PostForm($"/Tickets/Tickets/Details/{ticketId}", $"/Tickets/Tickets/Status/{ticketId}", ("version", version.ToString()), ("status", "Resolved"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await customerA.GetStringAsync($"/portal/tickets/{ticketId}")).ShouldContain("id=\"portal-rate\"");
        (await PostAs(customerA, token, $"/portal/tickets/{ticketId}/rate", ("score", "5"), ("comment", "عالی"))).ShouldBe(HttpStatusCode.Redirect);
        (await PostAs(customerA, token, $"/portal/tickets/{ticketId}/rate", ("score", "1"))).ShouldBe(HttpStatusCode.Redirect);
        (await fixture.Base.QueryAsync(db => db.Set<Ticket>().SingleAsync(t => t.Id == ticketId))).Rating.ShouldBe(5);

        // The portal's session opens no staff list or download.
        foreach (var url in new[] { "/Invoicing/Invoices", $"/Invoicing/Invoices/Pdf/{invoiceA}", $"/Tickets/Tickets/Details/{ticketId}" })
        {
            var staffPage = await customerA.GetAsync(url);
            staffPage.StatusCode.ShouldBe(HttpStatusCode.Redirect, url);
            staffPage.Headers.Location!.ToString().ShouldContain("/Identity/Account/SignIn");
        }
    }

    [Fact]
    public async Task A_quote_is_accepted_once_with_the_typed_name_time_and_address_and_an_expired_one_cannot_be()
    {
        var (admin, _) = await fixture.SignedInWithIdAsync(CrmRoles.Administrator, await fixture.Base.NewTeamAsync());
        var mobile = Mobile();
        var contact = await fixture.ContactWithMobileAsync(mobile);
        var customer = await fixture.PortalCustomerAsync(admin, contact, mobile);
        var quote = await fixture.SentQuoteAsync(admin, Today, contact);
        var page = $"/portal/quotes/{quote}";

        // No name typed: refused with the reason, nothing recorded.
        var unnamed = await customer.PostForm(page, $"{page}/decide", ("accept", "true"), ("name", " "));
        unnamed.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await unnamed.Content.ReadAsStringAsync()).ShouldContain("id=\"portal-quote-error\"");
        (await StoredQuoteAsync(quote)).Status.ShouldBe(QuoteStatus.Sent);

        // Two devices accept at the same moment: one decision is recorded, the other is told it is already decided.
        var (token1, token2) = (await customer.TokenFrom(page), await customer.TokenFrom(page));
        Task<HttpResponseMessage> Accept(string token) => customer.PostAsync($"{page}/decide", new FormUrlEncodedContent(
            [KeyValuePair.Create("accept", "true"), KeyValuePair.Create("name", "  مریم   رضایی "), KeyValuePair.Create("__RequestVerificationToken", token)]));
        var answers = await Task.WhenAll(Accept(token1), Accept(token2));
        answers.Select(a => a.StatusCode).OrderBy(s => s).ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.UnprocessableEntity]);
        var stored = await StoredQuoteAsync(quote);
        (stored.Status, stored.DecidedByName).ShouldBe((QuoteStatus.Accepted, "مریم رضایی"));
        stored.DecidedFrom.ShouldNotBeNullOrEmpty();
        stored.DecidedAt.ShouldBe(fixture.Clock.UtcNow);
        (await fixture.Base.QueryAsync(db => db.Set<Activity>().CountAsync(a => a.RecordId == contact && a.PersianSubject!.Contains("مریم رضایی")))).ShouldBe(1);
        var shown = await customer.GetStringAsync(page);
        shown.ShouldContain("id=\"portal-quote-decided\"");
        shown.ShouldNotContain("id=\"portal-quote-accept\"");

        // Declining the decided quote is refused, and an open quote past its date shows as expired and cannot be accepted.
        (await customer.PostForm(page, $"{page}/decide", ("accept", "false"), ("name", "مریم رضایی"))).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await StoredQuoteAsync(quote)).Status.ShouldBe(QuoteStatus.Accepted);
        var later = await fixture.SentQuoteAsync(admin, Today, contact);
        var token = await customer.TokenFrom($"/portal/quotes/{later}");
        fixture.Clock.UtcNow += TimeSpan.FromDays(20);
        try
        {
            (await customer.GetStringAsync($"/portal/quotes/{later}")).ShouldNotContain("id=\"portal-quote-accept\"");
            var late = await customer.PostAsync($"/portal/quotes/{later}/decide", new FormUrlEncodedContent(
                [KeyValuePair.Create("accept", "true"), KeyValuePair.Create("name", "مریم رضایی"), KeyValuePair.Create("__RequestVerificationToken", token)]));
            late.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            (await StoredQuoteAsync(later)).Status.ShouldBe(QuoteStatus.Sent);
        }
        finally
        {
            fixture.Clock.UtcNow -= TimeSpan.FromDays(20);
        }
    }

    [Fact]
    public async Task An_organization_contact_sees_the_organization_records_only_while_staff_allow_it()
    {
        var (admin, _) = await fixture.SignedInWithIdAsync(CrmRoles.Administrator, await fixture.Base.NewTeamAsync());
        var mobile = Mobile();
        var contact = await fixture.ContactWithMobileAsync(mobile);
        Guid organization;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            organization = await mediator.Send(new CreateOrganization(Unique("صنایع"), "تهران", CustomerSource.Phone, null, null));
            await mediator.Send(new LinkContactToOrganization(contact, organization, "مدیر خرید"));
        }

        var customer = await fixture.PortalCustomerAsync(admin, contact, mobile);
        var invoice = await admin.IssuedInvoiceAsync(Today, $"Organization:{organization}");
        (await customer.GetStringAsync("/portal/invoices")).ShouldNotContain(invoice.ToString());
        (await customer.GetAsync($"/portal/invoices/{invoice}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var account = await fixture.Base.QueryAsync(db => db.Set<PortalAccount>().SingleAsync(a => a.ContactId == contact));
        var contactPage = $"/Contacts/Contacts/Details/{contact}";
        (await admin.GetStringAsync(contactPage)).ShouldContain("id=\"portal-organization\"");
        (await admin.PostForm(contactPage, $"/Portal/Accounts/Organization/{account.Id}", ("sees", "true"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        // The same session, at its next request.
        (await customer.GetStringAsync("/portal/invoices")).ShouldContain(invoice.ToString());
        (await customer.GetAsync($"/portal/invoices/{invoice}/pdf")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await admin.PostForm(contactPage, $"/Portal/Accounts/Organization/{account.Id}", ("sees", "false"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await customer.GetAsync($"/portal/invoices/{invoice}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_customer_turns_marketing_off_and_on_by_channel_and_the_outbox_follows()
    {
        var (admin, _) = await fixture.SignedInWithIdAsync(CrmRoles.Administrator, await fixture.Base.NewTeamAsync());
        var mobile = Mobile();
        var contact = await fixture.ContactWithMobileAsync(mobile);
        var customer = await fixture.PortalCustomerAsync(admin, contact, mobile);
        (await customer.GetStringAsync("/portal")).ShouldContain("id=\"portal-consent-sms\" aria-pressed=\"true\"");

        (await customer.PostForm("/portal", "/portal/consent", ("channel", "Sms"), ("allowed", "false"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await customer.GetStringAsync("/portal")).ShouldContain("id=\"portal-consent-sms\" aria-pressed=\"false\"");
        (await fixture.Base.QueryAsync(db => db.Set<Crm.Modules.Messaging.Domain.OptOut>().CountAsync(o => o.AddressKey == mobile.Substring(1) && o.Source == "portal"))).ShouldBe(1);

        (await customer.PostForm("/portal", "/portal/consent", ("channel", "Sms"), ("allowed", "true"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await fixture.Base.QueryAsync(db => db.Set<Crm.Modules.Messaging.Domain.OptOut>().CountAsync(o => o.AddressKey == mobile.Substring(1)))).ShouldBe(0);
        // A channel the customer has no address on is not theirs to set.
        (await customer.PostForm("/portal", "/portal/consent", ("channel", "Email"), ("allowed", "false"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private Task<Quote> StoredQuoteAsync(Guid id) => fixture.Base.QueryAsync(db => db.Set<Quote>().AsNoTracking().SingleAsync(q => q.Id == id));

    private static async Task StaffEntryAsync(HttpClient staff, Guid ticket, string kind, string body, params (string Name, byte[] Content)[] files) =>
        (await staff.PostWithFiles($"/Tickets/Tickets/Details/{ticket}", $"/Tickets/Tickets/AddEntry/{ticket}", [("kind", kind), ("body", body)], files))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

    private async Task<Guid> RepairAwaitingApprovalAsync(Guid contact)
    {
        var repair = new RepairOrder
        {
            Number = Unique("RPR-"), ContactId = contact, CustomerName = "مریم", Item = "کارت‌خوان", ReportedFaults = "روشن نمی‌شود", ReceivedAt = fixture.Clock.UtcNow,
            Estimate = 2_600_000, Status = RepairStatus.AwaitingApproval, CreatedAt = fixture.Clock.UtcNow,
        };
        await fixture.Base.QueryAsync(async db =>
        {
            db.Add(repair);
            return await db.SaveChangesAsync();
        });
        return repair.Id;
    }
}

public sealed class SqlitePortalSectionsTests(SqlitePortalFixture fixture) : PortalSectionsTests<SqlitePortalFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresPortalSectionsTests(PostgresPortalFixture fixture) : PortalSectionsTests<PostgresPortalFixture>(fixture);

/// <summary>The administrator's portal settings, on a database of their own so turning a section off touches no other test.</summary>
public abstract class PortalSettingsTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : WorkflowAppFixture
{
    [Fact]
    public async Task Administrators_rename_reorder_and_turn_off_sections_and_set_the_welcome_and_colour_while_others_may_not()
    {
        var (admin, _) = await fixture.SignedInWithIdAsync(CrmRoles.Administrator, await fixture.Base.NewTeamAsync());
        var mobile = Mobile();
        var customer = await fixture.PortalCustomerAsync(admin, await fixture.ContactWithMobileAsync(mobile), mobile);
        var home = await customer.GetStringAsync("/portal");
        home.ShouldContain("id=\"portal-card-quotes\"");
        home.IndexOf("id=\"portal-nav-invoices\"", StringComparison.Ordinal).ShouldBeLessThan(home.IndexOf("id=\"portal-nav-tickets\"", StringComparison.Ordinal));

        var form = await admin.GetStringAsync("/Portal/Settings");
        var keys = System.Text.RegularExpressions.Regex.Matches(form, "name=\"Sections\\[(\\d+)\\]\\.Key\" value=\"([a-z]+)\"").ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);
        keys.Keys.ShouldBe(["tasks", "invoices", "quotes", "tickets", "repairs", "forms"], ignoreOrder: true);
        var version = System.Text.RegularExpressions.Regex.Match(form, "name=\"Version\" value=\"([^\"]+)\"").Groups[1].Value;
        var fields = new List<(string, string)> { ("Version", version), ("WelcomeFa", "به باشگاه مشتریان <b>ما</b> خوش آمدید"), ("WelcomeEn", "Welcome"), ("Colour", "#AA3300") };
        foreach (var (key, i) in keys)
        {
            fields.Add(($"Sections[{i}].Key", key));
            fields.Add(($"Sections[{i}].Position", key == "tickets" ? "1" : "50"));
            if (key != "quotes")
            {
                fields.Add(($"Sections[{i}].Enabled", "true"));
            }
        }

        fields.Add(($"Sections[{keys["invoices"]}].TitleFa", "صورتحساب‌های من"));
        fields.Add(("Sections[9].Key", "made-up"));
        (await admin.PostForm("/Portal/Settings", "/Portal/Settings/Save", [.. fields])).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        home = await customer.GetStringAsync("/portal");
        home.ShouldContain("به باشگاه مشتریان &lt;b&gt;ما&lt;/b&gt; خوش آمدید", Case.Sensitive, "the welcome text is encoded");
        home.ShouldContain("صورتحساب‌های من");
        home.ShouldContain("--portal-brand: #aa3300");
        home.ShouldNotContain("id=\"portal-card-quotes\"");
        home.IndexOf("id=\"portal-nav-tickets\"", StringComparison.Ordinal).ShouldBeLessThan(home.IndexOf("id=\"portal-nav-invoices\"", StringComparison.Ordinal));
        (await customer.GetAsync("/portal/quotes")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "a section turned off is closed, not only hidden");
        (await fixture.Base.QueryAsync(db => db.Set<PortalSectionSetting>().CountAsync())).ShouldBe(6);

        // Saved from a page read before that change: refused, nothing lost; a bad colour and an over-long title are refused with reasons.
        var stale = await admin.PostForm("/Portal/Settings", "/Portal/Settings/Save", ("Version", version), ("Colour", "#000000"));
        stale.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await stale.Content.ReadAsStringAsync()).ShouldContain("id=\"portal-settings-error\"");
        var bad = await admin.PostForm("/Portal/Settings", "/Portal/Settings/Save", ("Colour", "red;}body{display:none"), ($"Sections[0].Key", "tickets"), ($"Sections[0].TitleEn", new string('x', 61)));
        (await bad.Content.ReadAsStringAsync()).ShouldContain("is-invalid");
        (await customer.GetStringAsync("/portal")).ShouldContain("--portal-brand: #aa3300");

        // Only administrators: a sales manager and a rep are refused, and a customer's session is not a staff session.
        var manager = await fixture.Base.SignedInAsync(CrmRoles.SalesManager, await fixture.Base.NewTeamAsync());
        (await manager.GetAsync("/Portal/Settings")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var rep = await fixture.Base.SignedInAsync(CrmRoles.SalesRep, await fixture.Base.NewTeamAsync());
        (await rep.GetAsync("/Portal/Settings")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await customer.GetAsync("/Portal/Settings")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}

public sealed class SqlitePortalSettingsTests(SqlitePortalFixture fixture) : PortalSettingsTests<SqlitePortalFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresPortalSettingsTests(PostgresPortalFixture fixture) : PortalSettingsTests<PostgresPortalFixture>(fixture);
