using System.Diagnostics;
using System.Net;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Invoicing.Domain;
using Crm.Modules.Invoicing.Features;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.Modules.Notifications.Domain;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Crm.IntegrationTests.TestSupport;

namespace Crm.IntegrationTests;

/// <summary>The app with its scheduler off: these tests run the reminder and expiry work themselves, on the days they choose.</summary>
public abstract class InvoicingAppFixture(string provider) : IDisposable
{
    public CrmAppFactory App { get; } = new(provider, new Dictionary<string, string> { ["Jobs:Enabled"] = "false" });

    public void Dispose()
    {
        App.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteInvoicingFixture() : InvoicingAppFixture(DatabaseProviders.Sqlite);

public sealed class PostgresInvoicingFixture() : InvoicingAppFixture(DatabaseProviders.PostgreSql);

/// <summary>Quotes to paid invoices: approval, expiry, numbering, payments and cheques, reminders, documents and who sees them, on each provider.</summary>
public abstract class InvoicingTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : InvoicingAppFixture
{
    private CrmAppFactory App => fixture.App;

    private sealed class FixedClock(DateTime now) : IClock
    {
        public DateTime UtcNow => now;
    }

    private DateOnly Today => App.Services.GetRequiredService<IDisplayFormatter>().Today();

    private static string Jalali(DateOnly date) => JalaliDate.Format(date);

    private static async Task<Guid> NewContact(HttpClient client, string? mobile = null, string? email = null) =>
        IdFrom(await client.PostForm("/Contacts/Contacts/Create", "/Contacts/Contacts/Save",
            ("FirstName", "نگار"), ("LastName", Unique("کاظمی")), ("Phones[0].Type", "Mobile"), ("Phones[0].Number", mobile ?? Mobile()),
            ("Emails[0].Type", "Work"), ("Emails[0].Address", email ?? Unique("n") + "@customer.example"), ("Source", "Phone"), ("Rating", "0")));

    private async Task<Product> NewProduct(long price, decimal vat = 10)
    {
        var product = new Product { Code = Unique("P"), Name = "دستگاه کارت‌خوان", EnglishName = "Card reader", Unit = "عدد", BasePrice = price, VatRate = vat };
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        db.Add(product);
        await db.SaveChangesAsync();
        return product;
    }

    private static (string, string)[] Line(int i, string description, string quantity, string price, string discount = "", string vat = "10", Guid? product = null) =>
    [
        ($"Lines[{i}].ProductId", product?.ToString() ?? ""), ($"Lines[{i}].Description", description), ($"Lines[{i}].Unit", "عدد"),
        ($"Lines[{i}].Quantity", quantity), ($"Lines[{i}].UnitPrice", price), ($"Lines[{i}].Discount", discount), ($"Lines[{i}].VatRate", vat),
    ];

    private Task<HttpResponseMessage> SaveQuote(HttpClient client, Guid contact, params (string, string)[] lines) =>
        client.PostForm("/Invoicing/Quotes/Create", "/Invoicing/Quotes/Save",
            [("Customer", $"Contact:{contact}"), ("QuoteDate", Jalali(Today)), ("ValidUntil", Jalali(Today.AddDays(14))), ("Language", "fa"), .. lines]);

    private async Task<Guid> IssuedInvoice(HttpClient client, Guid contact, string price, DateOnly? due = null, string language = "fa", int lines = 1)
    {
        var fields = new List<(string, string)> { ("Customer", $"Contact:{contact}"), ("Type", "Sales"), ("IssueDate", Jalali(Today)), ("DueDate", Jalali(due ?? Today.AddDays(30))), ("Language", language) };
        for (var i = 0; i < lines; i++)
        {
            fields.AddRange(Line(i, i == 0 ? "خدمات نصب" : $"قطعهٔ شمارهٔ {i}", "1", price, vat: "0"));
        }

        var id = IdFrom(await client.PostForm("/Invoicing/Invoices/Create", "/Invoicing/Invoices/Save", [.. fields]));
        (await client.PostForm($"/Invoicing/Invoices/Details/{id}", $"/Invoicing/Invoices/Issue/{id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return id;
    }

    private Quote StoredQuote(Guid id) => App.Query(db => db.Set<Quote>().IgnoreQueryFilters().Include(q => q.Lines).Single(q => q.Id == id));

    private Invoice StoredInvoice(Guid id) => App.Query(db => db.Set<Invoice>().IgnoreQueryFilters().Include(i => i.Lines).Include(i => i.Installments).Single(i => i.Id == id));

    private static Task<HttpResponseMessage> Post(HttpClient client, string url, params (string, string)[] fields) => client.PostForm("/Invoicing/Invoices", url, fields);

    private static async Task<string> Message(HttpClient client, HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await client.GetStringAsync(response.Headers.Location!.ToString()));

    private const int SearchControllerMaxTerm = Crm.Web.Controllers.SearchController.MaxTermLength;

    [Fact]
    public async Task The_top_bar_search_finds_each_kind_of_record_grouped_and_only_what_the_user_may_see()
    {
        var team = await App.NewTeamAsync();
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, team);
        var word = Unique("پارسا");
        var mobile = Mobile();
        var contact = IdFrom(await rep.PostForm("/Contacts/Contacts/Create", "/Contacts/Contacts/Save",
            ("FirstName", "نگار"), ("LastName", word), ("Phones[0].Type", "Mobile"), ("Phones[0].Number", mobile), ("Source", "Phone"), ("Rating", "0")));
        var organization = IdFrom(await rep.PostForm("/Contacts/Organizations/Create", "/Contacts/Organizations/Save", ("Name", word + " صنعت")));
        var lead = IdFrom(await rep.PostForm("/Leads/Leads/Create", "/Leads/Leads/Save", ("FirstName", "بهرام"), ("LastName", "رادان"), ("Mobile", Mobile()),
            ("Company", "گروه " + word), ("Source", "Instagram"), ("Status", "New"), ("Rating", "0"), ("Priority", "Normal")));
        var deal = IdFrom(await rep.PostForm("/Sales/Opportunities/Create", "/Sales/Opportunities/Save",
            ("Name", "قرارداد " + word), ("Customer", $"Contact:{contact}"), ("Amount", "1000000"), ("Source", "Referral")));
        var quote = IdFrom(await SaveQuote(rep, contact, Line(0, "نصب", "1", "500000")));
        var invoice = await IssuedInvoice(rep, contact, "700000");

        async Task<Dictionary<string, string>> Groups(HttpClient client, string term)
        {
            var json = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/Search/Suggest?q=" + Uri.EscapeDataString(term))).RootElement;
            return json.EnumerateArray().ToDictionary(g => g.GetProperty("title").GetString()!, g => string.Join(" ", g.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("url").GetString())));
        }

        var byWord = await Groups(rep, word);
        byWord.Keys.ShouldBe(["مخاطبان", "سازمان‌ها", "سرنخ‌ها", "فرصت‌های فروش"]);
        byWord["مخاطبان"].ShouldContain(contact.ToString());
        byWord["سازمان‌ها"].ShouldContain(organization.ToString());
        byWord["سرنخ‌ها"].ShouldContain(lead.ToString());
        byWord["فرصت‌های فروش"].ShouldContain(deal.ToString());

        // A phone in another format, and document numbers typed in lower case with Persian digits.
        (await Groups(rep, Digits.ToPersian("+98 " + mobile[1..4] + " " + mobile[4..])))["مخاطبان"].ShouldContain(contact.ToString());
        var quoteNumber = StoredQuote(quote).Number;
        (await Groups(rep, Digits.ToPersian(quoteNumber.ToLowerInvariant())))["پیش‌فاکتورها"].ShouldContain(quote.ToString());
        var invoiceNumber = StoredInvoice(invoice).Number!;
        (await Groups(rep, invoiceNumber))["فاکتورها"].ShouldContain(invoice.ToString());

        // The results page groups the same, with a link to each full list.
        var page = await rep.GetStringAsync("/Search?q=" + Uri.EscapeDataString(word));
        page.ShouldContain($"/Contacts/Contacts/Details/{contact}");
        page.ShouldContain("/Leads/Leads?q=" + Uri.EscapeDataString(word));

        // Another team sees none of it; a marketer (no invoicing permission) gets no document groups even for their own team.
        var stranger = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        (await Groups(stranger, word)).ShouldBeEmpty();
        (await Groups(stranger, invoiceNumber)).ShouldBeEmpty();
        (await stranger.GetStringAsync("/Search?q=" + Uri.EscapeDataString(word))).ShouldNotContain(contact.ToString());
        var marketer = await App.SignedInAsync(CrmRoles.Marketer, team);
        (await Groups(marketer, invoiceNumber)).ShouldBeEmpty();

        // Terms are bounded and echoed encoded.
        var attack = "<script>alert(1)</script>" + new string('x', 500);
        var echoed = await rep.GetStringAsync("/Search?q=" + Uri.EscapeDataString(attack));
        echoed.ShouldNotContain("<script>alert(1)");
        echoed.ShouldContain("value=\"&lt;script&gt;alert(1)&lt;/script&gt;" + new string('x', SearchControllerMaxTerm - 25) + "\"");
        (await App.Browser().GetAsync("/Search/Suggest?q=" + word)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task The_invoice_and_quote_lists_page_by_keyset_through_every_visible_document_once()
    {
        var team = await App.NewTeamAsync();
        var otherTeam = await App.NewTeamAsync();
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, team);
        var marker = Unique("پیمایش");
        var mine = new HashSet<Guid>();
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            for (var i = 0; i < 125; i++)
            {
                // Five of each belong to another team: the rep must never page onto them.
                var teamId = i % 25 == 0 ? otherTeam : team;
                var invoice = new Invoice { CustomerName = $"{marker} {i}", IssueDate = Today, DueDate = Today.AddDays(30), TeamId = teamId };
                var quote = new Quote { Number = Unique("Q"), FamilyId = Guid.NewGuid(), CustomerName = $"{marker} {i}", QuoteDate = Today, ValidUntil = Today.AddDays(7), TeamId = teamId };
                db.AddRange(invoice, quote);
                if (teamId == team)
                {
                    mine.Add(invoice.Id);
                    mine.Add(quote.Id);
                }
            }

            await db.SaveChangesAsync();
        }

        foreach (var list in new[] { "Invoices", "Quotes" })
        {
            var start = $"/Invoicing/{list}?q={Uri.EscapeDataString(marker)}";
            var (pages, seen) = (new List<int>(), new List<Guid>());
            for (var url = start; url is not null;)
            {
                var html = await rep.GetStringAsync(url);
                var ids = DocumentIds(html, list);
                pages.Add(ids.Count);
                seen.AddRange(ids);
                ids.ShouldBe([.. ids.OrderByDescending(id => id.ToString())], $"{list}: newest first within a page");
                url = PagerLink(html, "next");
            }

            pages.ShouldBe([50, 50, 20], list);
            seen.Count.ShouldBe(seen.Distinct().Count(), $"{list}: a document shown twice");
            seen.ToHashSet().SetEquals(mine.Where(id => App.Query(db => list == "Invoices" ? db.Set<Invoice>().Any(x => x.Id == id) : db.Set<Quote>().Any(x => x.Id == id)))).ShouldBeTrue(list);

            // The last page holds the oldest fifty; back one from there, the fifty before them, as walking forward found them.
            var lastPage = await rep.GetStringAsync(start + "&last=true");
            DocumentIds(lastPage, list).ShouldBe(seen[70..]);
            DocumentIds(await rep.GetStringAsync(PagerLink(lastPage, "prev")!), list).ShouldBe(seen[20..70]);
        }

        static List<Guid> DocumentIds(string html, string list) =>
            [.. System.Text.RegularExpressions.Regex.Matches(html, $@"href=""/Invoicing/{list}/Details/([0-9a-f-]{{36}})""").Select(m => Guid.Parse(m.Groups[1].Value)).Distinct()];

        static string? PagerLink(string html, string rel) =>
            System.Text.RegularExpressions.Regex.Match(html, $@"<li class=""page-item ""><a class=""page-link"" href=""([^""]+)"" rel=""{rel}"">") is { Success: true } m
                ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
    }

    [Fact]
    public async Task A_quote_from_an_opportunity_is_sent_accepted_and_becomes_an_issued_invoice_with_the_same_lines()
    {
        var team = await App.NewTeamAsync();
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, team);
        var contact = await NewContact(rep);
        var product = await NewProduct(95_000_000);
        var deal = IdFrom(await rep.PostForm("/Sales/Opportunities/Create", "/Sales/Opportunities/Save",
            ("Name", "تجهیز فروشگاه"), ("Customer", $"Contact:{contact}"), ("Amount", "300000000"), ("Source", "Referral"),
            ("Lines[0].ProductId", product.Id.ToString()), ("Lines[0].Quantity", "3")));

        var form = await rep.GetStringAsync($"/Invoicing/Quotes/Create?opportunity={deal}");
        form.ShouldContain(product.Code);
        form.ShouldContain("95000000");

        var quote = IdFrom(await rep.PostForm($"/Invoicing/Quotes/Create?opportunity={deal}", "/Invoicing/Quotes/Save",
            [("Customer", $"Contact:{contact}"), ("OpportunityId", deal.ToString()), ("QuoteDate", Jalali(Today)), ("ValidUntil", Jalali(Today.AddDays(14))), ("Language", "fa"),
             .. Line(0, "دستگاه کارت‌خوان", "۳", "۹۵٬۰۰۰٬۰۰۰", "5%", product: product.Id), .. Line(1, "نصب", "1", "5000000")]));
        var stored = StoredQuote(quote);
        stored.Number.ShouldStartWith($"QUO-{JalaliDate.ToJalali(Today).Year}-");
        (stored.Subtotal, stored.DiscountTotal, stored.VatTotal, stored.Total).ShouldBe((290_000_000L, 14_250_000L, 27_575_000L, 303_325_000L));
        stored.OpportunityId.ShouldBe(deal);

        (await rep.PostForm($"/Invoicing/Quotes/Details/{quote}", $"/Invoicing/Quotes/Send/{quote}", ("email", "buyer@customer.example"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        StoredQuote(quote).Status.ShouldBe(QuoteStatus.Sent);
        var mail = App.Query(db => db.Set<OutboxMessage>().Include(m => m.Attachments).Single(m => m.To == "buyer@customer.example" && m.TemplateKey == InvoicingTemplates.QuoteEmail));
        mail.Subject!.ShouldContain(stored.Number);
        mail.Attachments.Single().Content.Take(5).ShouldBe("%PDF-"u8.ToArray());

        // A sent quote is not edited: it is revised.
        (await rep.GetAsync($"/Invoicing/Quotes/Edit/{quote}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await rep.PostForm($"/Invoicing/Quotes/Details/{quote}", $"/Invoicing/Quotes/Accept/{quote}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var toInvoice = await rep.PostForm($"/Invoicing/Quotes/Details/{quote}", $"/Invoicing/Quotes/ToInvoice/{quote}");
        var invoice = Guid.Parse(toInvoice.Headers.Location!.ToString().Split('/').Last());
        (await rep.PostForm($"/Invoicing/Quotes/Details/{quote}", $"/Invoicing/Quotes/ToInvoice/{quote}")).Headers.Location!.ToString().ShouldEndWith(invoice.ToString());

        var draft = StoredInvoice(invoice);
        draft.QuoteId.ShouldBe(quote);
        draft.Lines.OrderBy(l => l.Position).Select(l => (l.Description, l.Total)).ShouldBe(stored.Lines.OrderBy(l => l.Position).Select(l => (l.Description, l.Total)));
        draft.Total.ShouldBe(stored.Total);
        draft.StatusOn(Today).ShouldBe(InvoiceStatus.Draft);

        (await rep.PostForm($"/Invoicing/Invoices/Details/{invoice}", $"/Invoicing/Invoices/Issue/{invoice}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var issued = StoredInvoice(invoice);
        issued.Number!.ShouldMatch($@"^INV-{JalaliDate.ToJalali(Today).Year}-\d{{6}}$");
        issued.StatusOn(Today).ShouldBe(InvoiceStatus.Unpaid);
        App.Query(db => db.Set<Crm.Modules.Activities.Domain.Activity>().Count(a => a.RecordId == contact && a.Kind == Crm.Modules.Activities.Contracts.ActivityKind.Document)).ShouldBe(2);

        // Once issued, the invoice cannot change.
        var edit = await rep.PostForm($"/Invoicing/Invoices/Details/{invoice}", "/Invoicing/Invoices/Save",
            [("Id", invoice.ToString()), ("Version", issued.Version.ToString()), ("Customer", $"Contact:{contact}"), ("IssueDate", Jalali(Today)), ("DueDate", Jalali(Today)), .. Line(0, "دگرگون", "1", "1")]);
        edit.StatusCode.ShouldBe(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await edit.Content.ReadAsStringAsync()).ShouldContain("فاکتور صادرشده یا باطل‌شده ویرایش نمی‌شود");
        StoredInvoice(invoice).Total.ShouldBe(stored.Total);

        // The purchase history contracts see it.
        using var scope = App.Services.CreateScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var bought = await mediator.Send(new GetCustomerPurchases(new RecordRef(RecordTypes.Contact, contact)));
        bought.Select(b => b.Description).ShouldBe(["دستگاه کارت‌خوان", "نصب"]);
        (await mediator.Send(new GetProductBuyers(product.Id))).Single().Customer.Id.ShouldBe(contact);
        (await rep.GetStringAsync($"/Contacts/Contacts/Details/{contact}")).ShouldContain(issued.Number!);
    }

    [Fact]
    public async Task An_accepted_quote_offers_to_win_its_deal_and_a_paid_invoice_wins_it_when_the_process_says_so()
    {
        var team = await App.NewTeamAsync();
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, team);
        var contact = await NewContact(rep);
        var autoProcess = SalesProcess.Create(Unique("فروش پروژه‌ای "), "Projects", [("مذاکره", "Negotiation", 50)]);
        autoProcess.WinOnInvoicePaid = true;
        await App.QueryAsync(async db => { db.Add(autoProcess); return await db.SaveChangesAsync(); });

        async Task<(Guid Deal, Guid Quote)> DealWithAcceptedQuote(Guid? process)
        {
            var deal = IdFrom(await rep.PostForm("/Sales/Opportunities/Create", "/Sales/Opportunities/Save",
                ("Name", Unique("قرارداد ")), ("Customer", $"Contact:{contact}"), ("Amount", "500000"), ("Source", "Referral"), ("ProcessId", process?.ToString() ?? "")));
            var quote = IdFrom(await rep.PostForm($"/Invoicing/Quotes/Create?opportunity={deal}", "/Invoicing/Quotes/Save",
                [("Customer", $"Contact:{contact}"), ("OpportunityId", deal.ToString()), ("QuoteDate", Jalali(Today)), ("ValidUntil", Jalali(Today.AddDays(14))), ("Language", "fa"),
                 .. Line(0, "نصب", "1", "500000", vat: "0")]));
            (await rep.PostForm($"/Invoicing/Quotes/Details/{quote}", $"/Invoicing/Quotes/Send/{quote}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
            (await rep.PostForm($"/Invoicing/Quotes/Details/{quote}", $"/Invoicing/Quotes/Accept/{quote}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
            return (deal, quote);
        }

        Opportunity Deal(Guid id) => App.Query(db => db.Set<Opportunity>().Single(o => o.Id == id));

        // The default process does not close deals by itself: the accepted quote is offered on the deal's page, one click wins it.
        var (manual, manualQuote) = await DealWithAcceptedQuote(null);
        Deal(manual).Status.ShouldBe(OpportunityStatus.Open);
        var page = WebUtility.HtmlDecode(await rep.GetStringAsync($"/Sales/Opportunities/Details/{manual}"));
        page.ShouldContain("id=\"win-offer\"");
        page.ShouldContain($"پیش‌فاکتور {StoredQuote(manualQuote).DisplayNumber} پذیرفته شد");
        var won = Deal(manual);
        (await rep.PostForm($"/Sales/Opportunities/Details/{manual}", "/Sales/Opportunities/Move",
            ("Id", manual.ToString()), ("Version", won.Version.ToString()), ("StageId", App.Query(db => db.Set<Stage>().Single(s => s.ProcessId == won.ProcessId && s.Kind == StageKind.Won).Id).ToString()),
            ("Confirmed", "true"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (Deal(manual).Status, Deal(manual).WinOffer).ShouldBe((OpportunityStatus.Won, null));
        (await rep.GetStringAsync($"/Sales/Opportunities/Details/{manual}")).ShouldNotContain("id=\"win-offer\"");

        // A process that says so wins the deal when the invoice made from its quote is paid in full, and tells the owner.
        var (automatic, autoQuote) = await DealWithAcceptedQuote(autoProcess.Id);
        Deal(automatic).WinOffer.ShouldNotBeNull();
        var toInvoice = await rep.PostForm($"/Invoicing/Quotes/Details/{autoQuote}", $"/Invoicing/Quotes/ToInvoice/{autoQuote}");
        var invoice = Guid.Parse(toInvoice.Headers.Location!.ToString().Split('/').Last());
        StoredInvoice(invoice).OpportunityId.ShouldBe(automatic);
        (await rep.PostForm($"/Invoicing/Invoices/Details/{invoice}", $"/Invoicing/Invoices/Issue/{invoice}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Post(rep, "/Invoicing/Invoices/AddPayment", ("InvoiceId", invoice.ToString()), ("Method", "Cash"), ("Amount", "200000"), ("PaidOn", Jalali(Today)))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Deal(automatic).Status.ShouldBe(OpportunityStatus.Open, "part-paid");
        (await Post(rep, "/Invoicing/Invoices/AddPayment", ("InvoiceId", invoice.ToString()), ("Method", "Cash"), ("Amount", "300000"), ("PaidOn", Jalali(Today)))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var closed = Deal(automatic);
        (closed.Status, closed.WinOffer, closed.ClosedAt is not null).ShouldBe((OpportunityStatus.Won, null, true));
        var owner = closed.OwnerId!.Value;
        App.Query(db => db.Set<Notification>().Count(n => n.UserId == owner && n.Url == $"/Sales/Opportunities/Details/{automatic}" && n.PersianText.Contains("برنده ثبت شد"))).ShouldBe(1);
    }

    [Fact]
    public async Task A_large_discount_waits_for_a_managers_approval_before_the_quote_can_be_sent()
    {
        var team = await App.NewTeamAsync();
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, team);
        var managerName = Unique("manager");
        var manager = await App.CreateUserAsync(managerName, CrmRoles.SalesManager, Password);
        var managerClient = App.Browser();
        await managerClient.SignInOk(managerName, Password);
        var contact = await NewContact(rep);
        var quote = IdFrom(await SaveQuote(rep, contact, Line(0, "اشتراک سالانه", "1", "10000000", "30%")));

        var refused = await rep.PostForm($"/Invoicing/Quotes/Details/{quote}", $"/Invoicing/Quotes/Send/{quote}");
        (await Message(rep, refused)).ShouldContain("تخفیف بیش از سقف مجاز پیش از ارسال به تأیید مدیر نیاز دارد");
        StoredQuote(quote).Status.ShouldBe(QuoteStatus.Draft);

        (await rep.PostForm($"/Invoicing/Quotes/Details/{quote}", $"/Invoicing/Quotes/RequestApproval/{quote}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        StoredQuote(quote).Approval.ShouldBe(ApprovalState.Pending);
        App.Query(db => db.Set<Notification>().Count(n => n.UserId == manager.Id && n.Url == $"/Invoicing/Quotes/Details/{quote}")).ShouldBe(1);
        (await rep.PostForm($"/Invoicing/Quotes/Details/{quote}", $"/Invoicing/Quotes/Approve/{quote}", ("approve", "true"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await managerClient.GetStringAsync("/Invoicing/Quotes?pending=true")).ShouldContain(quote.ToString());

        var noComment = await managerClient.PostForm($"/Invoicing/Quotes/Details/{quote}", $"/Invoicing/Quotes/Approve/{quote}", ("approve", "false"));
        (await Message(managerClient, noComment)).ShouldContain("دلیل عدم تأیید تخفیف را بنویسید");
        (await managerClient.PostForm($"/Invoicing/Quotes/Details/{quote}", $"/Invoicing/Quotes/Approve/{quote}", ("approve", "false"), ("comment", "حداکثر ۲۰٪"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        StoredQuote(quote).Approval.ShouldBe(ApprovalState.Rejected);
        StoredQuote(quote).ApprovalComment.ShouldBe("حداکثر ۲۰٪");
        App.Query(db => db.Set<Notification>().Any(n => n.UserId != manager.Id && n.PersianText.Contains("حداکثر ۲۰٪"))).ShouldBeTrue();

        (await rep.PostForm($"/Invoicing/Quotes/Details/{quote}", $"/Invoicing/Quotes/RequestApproval/{quote}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await managerClient.PostForm($"/Invoicing/Quotes/Details/{quote}", $"/Invoicing/Quotes/Approve/{quote}", ("approve", "true"), ("comment", "مشتری ویژه"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        StoredQuote(quote).ApprovedBy.ShouldBe(manager.Id);
        (await rep.PostForm($"/Invoicing/Quotes/Details/{quote}", $"/Invoicing/Quotes/Send/{quote}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        StoredQuote(quote).Status.ShouldBe(QuoteStatus.Sent);

        // Revision 2 keeps the number, starts as a draft, and the first stays in the history.
        var revise = await rep.PostForm($"/Invoicing/Quotes/Details/{quote}", $"/Invoicing/Quotes/Revise/{quote}");
        var second = Guid.Parse(revise.Headers.Location!.ToString().Split('/').Last());
        StoredQuote(second).Revision.ShouldBe(2);
        StoredQuote(second).Number.ShouldBe(StoredQuote(quote).Number);
        StoredQuote(second).Status.ShouldBe(QuoteStatus.Draft);
        StoredQuote(quote).Status.ShouldBe(QuoteStatus.Superseded);
        (await rep.GetStringAsync($"/Invoicing/Quotes/Details/{second}")).ShouldContain($"/Invoicing/Quotes/Details/{quote}");
    }

    [Fact]
    public async Task A_quote_with_bad_lines_comes_back_with_each_problem_and_what_was_typed()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var contact = await NewContact(rep);
        var count = App.Query(db => db.Set<Quote>().Count());
        var refused = await SaveQuote(rep, contact, [.. Line(0, "نصب دوربین", "دو", "1000"), .. Line(1, "آموزش", "1", "5000", discount: "6000")]);
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        html.ShouldContain("ردیف ۱: مقدار باید بیشتر از صفر باشد");
        html.ShouldContain("ردیف ۲: تخفیف از مبلغ ردیف بیشتر است");
        html.ShouldContain("value=\"نصب دوربین\"");
        html.ShouldContain("value=\"دو\"");
        App.Query(db => db.Set<Quote>().Count()).ShouldBe(count);

        var noCustomer = await rep.PostForm("/Invoicing/Quotes/Create", "/Invoicing/Quotes/Save", [("QuoteDate", "۱۴۰۵/۱۳/۴۰"), .. Line(0, "نصب", "1", "1000")]);
        var page = WebUtility.HtmlDecode(await noCustomer.Content.ReadAsStringAsync());
        page.ShouldContain("مشتری را انتخاب کنید");
        page.ShouldContain("تاریخ معتبر وارد کنید");
    }

    [Fact]
    public async Task Notes_that_are_too_long_are_refused_under_the_notes_box_not_the_terms_box()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var contact = await NewContact(rep);
        var count = App.Query(db => db.Set<Invoice>().IgnoreQueryFilters().Count());
        var refused = await rep.PostForm("/Invoicing/Invoices/Create", "/Invoicing/Invoices/Save",
            [("Customer", $"Contact:{contact}"), ("Type", "Sales"), ("IssueDate", Jalali(Today)), ("DueDate", Jalali(Today.AddDays(30))), ("Language", "fa"),
             ("Terms", "پرداخت ظرف سی روز"), ("Notes", new string('ی', 2001)), .. Line(0, "خدمات نصب", "1", "1000", vat: "0")]);

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        MessageFor(html, "Notes").ShouldBe("حداکثر ۲٬۰۰۰ نویسه.");
        MessageFor(html, "Terms").ShouldBeEmpty();
        html.ShouldContain("پرداخت ظرف سی روز");
        App.Query(db => db.Set<Invoice>().IgnoreQueryFilters().Count()).ShouldBe(count);
    }

    private static string MessageFor(string html, string field)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, $"<span[^>]*data-valmsg-for=\"{field}\"[^>]*>(.*?)</span>", System.Text.RegularExpressions.RegexOptions.Singleline);
        match.Success.ShouldBeTrue($"no validation message slot for {field}");
        return match.Groups[1].Value.Trim();
    }

    [Fact]
    public async Task The_daily_job_expires_sent_quotes_past_their_date_and_tells_the_owner()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var contact = await NewContact(rep);
        var quote = IdFrom(await SaveQuote(rep, contact, Line(0, "مشاوره", "2", "1500000")));
        (await rep.PostForm($"/Invoicing/Quotes/Details/{quote}", $"/Invoicing/Quotes/Send/{quote}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var owner = StoredQuote(quote).OwnerId!.Value;

        async Task Run(DateOnly day)
        {
            using var scope = App.Services.CreateScope();
            var clock = new FixedClock(day.ToDateTime(new TimeOnly(6, 0), DateTimeKind.Utc));
            await ActivatorUtilities.CreateInstance<ExpireQuotesJob>(scope.ServiceProvider, clock).ExecuteAsync(CancellationToken.None);
        }

        await Run(Today.AddDays(14));
        StoredQuote(quote).Status.ShouldBe(QuoteStatus.Sent);
        await Run(Today.AddDays(15));
        StoredQuote(quote).Status.ShouldBe(QuoteStatus.Expired);
        App.Query(db => db.Set<Notification>().Count(n => n.UserId == owner && n.Url == $"/Invoicing/Quotes/Details/{quote}")).ShouldBe(1);
        await Run(Today.AddDays(16));
        App.Query(db => db.Set<Notification>().Count(n => n.UserId == owner && n.Url == $"/Invoicing/Quotes/Details/{quote}")).ShouldBe(1);
    }

    [Fact]
    public async Task Partial_payments_and_a_bounced_cheque_move_the_status_and_paid_is_announced_each_time_it_is_reached()
    {
        var paid = new PaidCounter();
        using var app = App.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton(paid);
            s.AddScoped<Mediator.INotificationHandler<InvoicePaid>, PaidHandler>();
            s.AddScoped<Mediator.INotificationHandler<InvoiceIssued>, PaidHandler>();
        }));
        var name = Unique("rep");
        await App.CreateUserAsync(name, CrmRoles.SalesRep, Password, await App.NewTeamAsync());
        var rep = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await rep.SignInOk(name, Password);
        var contact = await NewContact(rep);
        var invoice = await IssuedInvoice(rep, contact, "1000000");
        paid.Issued(invoice).ShouldBe(1);
        var before = paid.Count(invoice);

        (await Post(rep, "/Invoicing/Invoices/AddPayment", ("InvoiceId", invoice.ToString()), ("Method", "Cash"), ("Amount", "۴۰۰٬۰۰۰"), ("PaidOn", Jalali(Today)))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        StoredInvoice(invoice).StatusOn(Today).ShouldBe(InvoiceStatus.PartiallyPaid);

        var tooMuch = await Post(rep, "/Invoicing/Invoices/AddPayment", ("InvoiceId", invoice.ToString()), ("Method", "Cash"), ("Amount", "700000"), ("PaidOn", Jalali(Today)));
        (await Message(rep, tooMuch)).ShouldContain("مبلغ پرداخت از مانده");
        var badCheque = await Post(rep, "/Invoicing/Invoices/AddPayment", ("InvoiceId", invoice.ToString()), ("Method", "Cheque"), ("Amount", "600000"), ("PaidOn", Jalali(Today)),
            ("Bank", "ملت"), ("ChequeNumber", "778899"), ("SayadId", "12345"), ("ChequeDueDate", Jalali(Today.AddDays(20))));
        (await Message(rep, badCheque)).ShouldContain("شناسهٔ صیاد ۱۶ رقم است");

        (await Post(rep, "/Invoicing/Invoices/AddPayment", ("InvoiceId", invoice.ToString()), ("Method", "Cheque"), ("Amount", "600000"), ("PaidOn", Jalali(Today)),
            ("Bank", "ملت"), ("ChequeNumber", "778899"), ("SayadId", "۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶"), ("ChequeDueDate", Jalali(Today.AddDays(20))))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        StoredInvoice(invoice).StatusOn(Today).ShouldBe(InvoiceStatus.Paid);
        paid.Count(invoice).ShouldBe(before + 1);
        var cheque = App.Query(db => db.Set<Payment>().Single(p => p.InvoiceId == invoice && p.Method == PaymentMethod.Cheque));
        cheque.SayadId.ShouldBe("1234567890123456");

        // The day before the cheque's date, its invoice's owner hears of it once, however often the job runs.
        var owner = StoredInvoice(invoice).OwnerId!.Value;
        for (var run = 0; run < 2; run++)
        {
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<PaymentReminders>().RunAsync(Today.AddDays(19), CancellationToken.None);
        }

        App.Query(db => db.Set<Notification>().Count(n => n.UserId == owner && n.Url == $"/Invoicing/Invoices/Details/{invoice}" && n.PersianText.Contains("778899"))).ShouldBe(1);
        var lines = await XlsxText(await rep.GetAsync($"/Invoicing/Invoices/ExportLines/{invoice}"));
        lines.ShouldContain("خدمات نصب");
        lines.ShouldContain("1000000");

        (await Post(rep, $"/Invoicing/Invoices/ChequeStatus/{invoice}", ("paymentId", cheque.Id.ToString()), ("status", "Deposited"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Post(rep, $"/Invoicing/Invoices/ChequeStatus/{invoice}", ("paymentId", cheque.Id.ToString()), ("status", "Bounced"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var bounced = StoredInvoice(invoice);
        bounced.StatusOn(Today).ShouldBe(InvoiceStatus.PartiallyPaid);
        bounced.Balance.ShouldBe(600_000);
        bounced.StatusOn(bounced.DueDate.AddDays(1)).ShouldBe(InvoiceStatus.Overdue);
        var backwards = await Post(rep, $"/Invoicing/Invoices/ChequeStatus/{invoice}", ("paymentId", cheque.Id.ToString()), ("status", "Cleared"));
        (await Message(rep, backwards)).ShouldContain("چک از وضعیت فعلی به این وضعیت نمی‌رود");

        (await Post(rep, "/Invoicing/Invoices/AddPayment", ("InvoiceId", invoice.ToString()), ("Method", "Transfer"), ("Amount", "600000"), ("PaidOn", Jalali(Today)), ("Reference", "TRX-1"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        StoredInvoice(invoice).StatusOn(Today).ShouldBe(InvoiceStatus.Paid);
        paid.Count(invoice).ShouldBe(before + 2);

        // A payment recorded by mistake is voided and can be restored.
        var transfer = App.Query(db => db.Set<Payment>().Single(p => p.InvoiceId == invoice && p.Method == PaymentMethod.Transfer));
        (await Post(rep, $"/Invoicing/Invoices/VoidPayment/{invoice}", ("paymentId", transfer.Id.ToString()), ("restore", "false"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        StoredInvoice(invoice).Balance.ShouldBe(600_000);
        (await Post(rep, $"/Invoicing/Invoices/VoidPayment/{invoice}", ("paymentId", transfer.Id.ToString()), ("restore", "true"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        StoredInvoice(invoice).Balance.ShouldBe(0);

        // A paid invoice is not cancelled; a return invoice credits it instead.
        var cancel = await Post(rep, $"/Invoicing/Invoices/Cancel/{invoice}", ("reason", "اشتباه"));
        (await Message(rep, cancel)).ShouldContain("فاکتور دارای پرداخت باطل نمی‌شود");
        var returnForm = await rep.GetStringAsync($"/Invoicing/Invoices/Return/{invoice}");
        returnForm.ShouldContain("خدمات نصب");
    }

    [Fact]
    public async Task A_return_invoice_credits_the_original_and_an_unpaid_invoice_is_cancelled_with_a_reason()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var contact = await NewContact(rep);
        var invoice = await IssuedInvoice(rep, contact, "2000000");
        var original = StoredInvoice(invoice);
        var tooLarge = await rep.PostForm($"/Invoicing/Invoices/Return/{invoice}", "/Invoicing/Invoices/Save",
            [("Type", "Return"), ("ReturnOfId", invoice.ToString()), ("Customer", $"Contact:{contact}"), ("IssueDate", Jalali(Today)), ("DueDate", Jalali(Today)), .. Line(0, "خدمات نصب", "2", "2000000", vat: "0")]);
        tooLarge.StatusCode.ShouldBe(HttpStatusCode.OK);
        var returned = IdFrom(await rep.PostForm($"/Invoicing/Invoices/Return/{invoice}", "/Invoicing/Invoices/Save",
            [("Type", "Return"), ("ReturnOfId", invoice.ToString()), ("Customer", $"Contact:{contact}"), ("IssueDate", Jalali(Today)), ("DueDate", Jalali(Today)), .. Line(0, "خدمات نصب", "0.5", "2000000", vat: "0")]));
        (await rep.PostForm($"/Invoicing/Invoices/Details/{returned}", $"/Invoicing/Invoices/Issue/{returned}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        StoredInvoice(returned).Number.ShouldStartWith("RET-");
        StoredInvoice(returned).StatusOn(Today).ShouldBe(InvoiceStatus.Credited);
        StoredInvoice(invoice).CreditedAmount.ShouldBe(1_000_000);
        StoredInvoice(invoice).Balance.ShouldBe(1_000_000);
        StoredInvoice(invoice).StatusOn(Today).ShouldBe(InvoiceStatus.PartiallyPaid);

        var other = await IssuedInvoice(rep, contact, "500000");
        (await Post(rep, $"/Invoicing/Invoices/Cancel/{other}", ("reason", ""))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        StoredInvoice(other).CancelledAt.ShouldBeNull();
        (await Post(rep, $"/Invoicing/Invoices/Cancel/{other}", ("reason", "مشتری منصرف شد"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        StoredInvoice(other).StatusOn(Today).ShouldBe(InvoiceStatus.Cancelled);
        StoredInvoice(other).Number.ShouldNotBeNull();
    }

    [Fact]
    public async Task Reminders_go_out_on_schedule_once_each_stop_when_paid_and_the_customer_is_thanked_once()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var mobile = Mobile();
        var email = Unique("payer") + "@customer.example";
        var contact = await NewContact(rep, mobile, email);
        var due = Today.AddDays(10);
        var invoice = await IssuedInvoice(rep, contact, "3000000", due);

        List<(string Template, MessageChannel Channel)> Sent() => App.Query(db => db.Set<OutboxMessage>()
            .Where(m => m.RecipientId == contact && m.TemplateKey != null).OrderBy(m => m.CreatedAt)
            .Select(m => new { m.TemplateKey, m.Channel }).ToList().Select(m => (m.TemplateKey!, m.Channel)).ToList());

        async Task Run(DateOnly day)
        {
            using var scope = App.Services.CreateScope();
            var clock = new FixedClock(day.ToDateTime(new TimeOnly(6, 0), DateTimeKind.Utc));
            await ActivatorUtilities.CreateInstance<PaymentRemindersJob>(scope.ServiceProvider, clock).ExecuteAsync(CancellationToken.None);
        }

        await Run(due.AddDays(-4));
        Sent().ShouldBeEmpty();
        await Run(due.AddDays(-3));
        Sent().ShouldBe([(InvoicingTemplates.BeforeDue, MessageChannel.Sms), (InvoicingTemplates.BeforeDue, MessageChannel.Email)], ignoreOrder: true);
        await Run(due.AddDays(-2));
        await Run(due.AddDays(-2));
        Sent().Count.ShouldBe(2);
        await Run(due);
        Sent().Count(s => s.Template == InvoicingTemplates.OnDue).ShouldBe(2);
        await Run(due.AddDays(6));
        Sent().Count.ShouldBe(4);
        await Run(due.AddDays(7));
        Sent().Count(s => s.Template == InvoicingTemplates.Overdue).ShouldBe(2);
        StoredInvoice(invoice).OverdueNoticeFor.ShouldBe(due);
        var sms = App.Query(db => db.Set<OutboxMessage>().Where(m => m.RecipientId == contact && m.Channel == MessageChannel.Sms && m.TemplateKey == InvoicingTemplates.Overdue).Select(m => m.Body).Single());
        sms.ShouldContain(StoredInvoice(invoice).Number!);
        sms.ShouldContain("۳٬۰۰۰٬۰۰۰");

        (await Post(rep, "/Invoicing/Invoices/AddPayment", ("InvoiceId", invoice.ToString()), ("Method", "Card"), ("Amount", "3000000"), ("PaidOn", Jalali(Today)))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Sent().Count(s => s.Template == InvoicingTemplates.ThankYou).ShouldBe(2);
        await Run(due.AddDays(14));
        await Run(due.AddDays(21));
        Sent().Count(s => s.Template == InvoicingTemplates.Overdue).ShouldBe(2);

        // Paid again after a bounce: no second thank-you.
        var card = App.Query(db => db.Set<Payment>().Single(p => p.InvoiceId == invoice));
        (await Post(rep, $"/Invoicing/Invoices/VoidPayment/{invoice}", ("paymentId", card.Id.ToString()), ("restore", "false"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Post(rep, $"/Invoicing/Invoices/VoidPayment/{invoice}", ("paymentId", card.Id.ToString()), ("restore", "true"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Sent().Count(s => s.Template == InvoicingTemplates.ThankYou).ShouldBe(2);
        App.Query(db => db.Set<SentReminder>().Count(r => r.SubjectId == invoice)).ShouldBe(8);
    }

    [Fact]
    public async Task A_customers_own_policy_and_installments_decide_when_and_how_they_are_reminded()
    {
        var admin = await App.SignedInAsync(CrmRoles.Administrator, null);
        (await admin.PostForm("/Invoicing/Settings", "/Invoicing/Settings/SavePolicy", ("name", "فقط ایمیل"), ("daysBefore", "1"), ("everyDaysAfter", "3"), ("maxCount", "2"),
            ("byEmail", "true"), ("onDueDate", "true"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var policy = App.Query(db => db.Set<ReminderPolicy>().Single(p => p.Name == "فقط ایمیل"));
        var contact = await NewContact(admin);
        (await admin.PostForm($"/Contacts/Contacts/Details/{contact}", "/Invoicing/CustomerBilling/CustomerPolicy", ("customer", $"Contact:{contact}"), ("policyId", policy.Id.ToString())))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var invoice = await IssuedInvoice(admin, contact, "900000", Today.AddDays(60));
        (await Post(admin, $"/Invoicing/Invoices/Installments/{invoice}", ("count", "3"), ("first", Jalali(Today.AddDays(10))), ("everyDays", "30"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var planned = StoredInvoice(invoice);
        planned.Installments.Select(i => i.Amount).ShouldBe([300_000L, 300_000L, 300_000L]);
        planned.CurrentDueDate.ShouldBe(Today.AddDays(10));

        List<MessageChannel> Sent(string template) => App.Query(db => db.Set<OutboxMessage>().Where(m => m.RecipientId == contact && m.TemplateKey == template).Select(m => m.Channel).ToList());
        async Task Run(DateOnly day)
        {
            using var scope = App.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<PaymentReminders>().RunAsync(day, CancellationToken.None);
        }

        await Run(Today.AddDays(9));
        Sent(InvoicingTemplates.BeforeDue).ShouldBe([MessageChannel.Email]);
        foreach (var day in new[] { 10, 13, 16, 19 })
        {
            await Run(Today.AddDays(day));
        }

        // At most two reminders for this due date: the one before it and the one on it.
        Sent(InvoicingTemplates.OnDue).ShouldBe([MessageChannel.Email]);
        Sent(InvoicingTemplates.Overdue).ShouldBeEmpty();

        // The first installment paid, the next one's date counts.
        (await Post(admin, "/Invoicing/Invoices/AddPayment", ("InvoiceId", invoice.ToString()), ("Method", "Cash"), ("Amount", "300000"), ("PaidOn", Jalali(Today)))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        StoredInvoice(invoice).CurrentDueDate.ShouldBe(Today.AddDays(40));
        await Run(Today.AddDays(39));
        Sent(InvoicingTemplates.BeforeDue).Count.ShouldBe(2);

        // The invoice's own policy comes before its customer's: the default one also sends an SMS.
        var standard = App.Query(db => db.Set<ReminderPolicy>().Single(p => p.IsDefault)).Id;
        (await Post(admin, $"/Invoicing/Invoices/ReminderPolicy/{invoice}", ("policyId", standard.ToString()))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await Run(Today.AddDays(40));
        Sent(InvoicingTemplates.OnDue).Count(c => c == MessageChannel.Sms).ShouldBe(1);
    }

    [Fact]
    public async Task Two_schedulers_at_once_send_each_reminder_exactly_once()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var due = Today.AddDays(2);
        var invoices = new List<Guid>();
        var contacts = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            var contact = await NewContact(rep);
            contacts.Add(contact);
            invoices.Add(await IssuedInvoice(rep, contact, "100000", due));
        }

        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            using var scope = App.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<PaymentReminders>().RunAsync(due.AddDays(-1), CancellationToken.None);
        })));

        App.Query(db => db.Set<OutboxMessage>().Where(m => m.RecipientId != null && contacts.Contains(m.RecipientId.Value) && m.TemplateKey == InvoicingTemplates.BeforeDue)
            .GroupBy(m => new { m.RecipientId, m.Channel }).Select(g => g.Count()).ToList()).ShouldAllBe(c => c == 1);
        App.Query(db => db.Set<OutboxMessage>().Count(m => m.RecipientId != null && contacts.Contains(m.RecipientId.Value) && m.TemplateKey == InvoicingTemplates.BeforeDue)).ShouldBe(24);
        App.Query(db => db.Set<SentReminder>().Count(r => invoices.Contains(r.SubjectId))).ShouldBe(24);
    }

    [Fact]
    public async Task Twenty_people_issuing_at_once_get_consecutive_numbers_without_gaps_or_duplicates()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var contact = await NewContact(rep);
        var drafts = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            drafts.Add(IdFrom(await rep.PostForm("/Invoicing/Invoices/Create", "/Invoicing/Invoices/Save",
                [("Customer", $"Contact:{contact}"), ("Type", "Service"), ("IssueDate", Jalali(Today)), ("DueDate", Jalali(Today)), .. Line(0, "سرویس دوره‌ای", "1", "100000")])));
        }

        var results = await Task.WhenAll(drafts.Select(id => Task.Run(async () =>
        {
            using var scope = App.Services.CreateScope();
            var services = scope.ServiceProvider;
            return await services.GetRequiredService<IMediator>().Send(new IssueInvoice(id), CancellationToken.None);
        })));
        results.ShouldAllBe(r => r.Done);

        var numbers = App.Query(db => db.Set<Invoice>().Where(i => drafts.Contains(i.Id)).Select(i => i.Number!).ToList());
        var sequence = numbers.Select(n => long.Parse(n.Split('-').Last(), System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        sequence.Distinct().Count().ShouldBe(20);
        (sequence[^1] - sequence[0]).ShouldBe(19);
        App.Query(db => db.Set<Invoice>().Count(i => i.Type == InvoiceType.Service && i.Number != null)).ShouldBe((int)sequence[^1]);
    }

    [Fact]
    public async Task The_invoice_pdf_reads_back_in_persian_with_its_number_and_totals_and_a_long_one_repeats_its_header_on_each_page()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var contact = await NewContact(rep);
        var invoice = await IssuedInvoice(rep, contact, "1200000", lines: 60);
        var number = StoredInvoice(invoice).Number!;
        var response = await rep.GetAsync($"/Invoicing/Invoices/Pdf/{invoice}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var folder = Directory.CreateTempSubdirectory("crm-pdf").FullName;
        var file = Path.Combine(folder, "invoice.pdf");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());

        var text = Tool("pdftotext", $"-enc UTF-8 \"{file}\" -");
        text.ShouldContain(number);
        text.ShouldContain("فاکتور فروش");
        text.ShouldContain("هفتاد و دو میلیون ریال"); // 60 × 1,200,000
        text.ShouldContain("۷۲٬۰۰۰٬۰۰۰");
        text.ShouldContain("خدمات نصب");
        var pages = int.Parse(System.Text.RegularExpressions.Regex.Match(Tool("pdfinfo", $"\"{file}\""), @"Pages:\s+(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        pages.ShouldBeInRange(2, 4);
        var lastPage = Tool("pdftotext", $"-enc UTF-8 -f {pages} -l {pages} \"{file}\" -");
        lastPage.ShouldContain("مبلغ واحد"); // the table's header, repeated
        lastPage.ShouldContain($"{pages} / {pages}"); // the footer's page numbers

        Tool("pdftoppm", $"-png -r 60 -f 1 -l 1 \"{file}\" \"{Path.Combine(folder, "page")}\"");
        var png = Directory.GetFiles(folder, "page*.png").Single();
        (await File.ReadAllBytesAsync(png)).Take(4).ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47 });
        new FileInfo(png).Length.ShouldBeGreaterThan(10_000);
    }

    [Fact]
    public async Task An_english_invoice_prints_in_english_with_the_total_in_words()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var contact = await NewContact(rep);
        var invoice = await IssuedInvoice(rep, contact, "1200000", language: "en");
        var file = Path.Combine(Directory.CreateTempSubdirectory("crm-pdf").FullName, "invoice.pdf");
        await File.WriteAllBytesAsync(file, await rep.GetByteArrayAsync($"/Invoicing/Invoices/Pdf/{invoice}"));
        var text = Tool("pdftotext", $"-enc UTF-8 \"{file}\" -");
        text.ShouldContain("Invoice");
        text.ShouldContain("one million two hundred thousand rials");
        text.ShouldContain("1,200,000");
        text.ShouldContain(StoredInvoice(invoice).Number!);
        (await rep.GetStringAsync($"/Invoicing/Invoices/Preview/{invoice}")).ShouldContain("Total payable");
    }

    [Fact]
    public async Task A_persian_invoice_downloads_in_english_too_with_codes_as_typed_and_page_numbers_in_its_own_digits()
    {
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var contact = await NewContact(rep);
        var product = await NewProduct(2_500_000, vat: 0);
        var invoice = IdFrom(await rep.PostForm("/Invoicing/Invoices/Create", "/Invoicing/Invoices/Save",
            [("Customer", $"Contact:{contact}"), ("Type", "Sales"), ("IssueDate", Jalali(Today)), ("DueDate", Jalali(Today.AddDays(30))), ("Language", "fa"),
             .. Line(0, "دستگاه کارت‌خوان", "2", "2500000", vat: "0", product: product.Id), ("Lines[0].Code", product.Code)]));
        (await rep.PostForm($"/Invoicing/Invoices/Details/{invoice}", $"/Invoicing/Invoices/Issue/{invoice}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var number = StoredInvoice(invoice).Number!;
        var details = await rep.GetStringAsync($"/Invoicing/Invoices/Details/{invoice}");
        details.ShouldContain($"/Invoicing/Invoices/Pdf/{invoice}?language=en");

        var folder = Directory.CreateTempSubdirectory("crm-pdf").FullName;
        async Task<string> Download(string query, string name, string expectedFile)
        {
            var response = await rep.GetAsync($"/Invoicing/Invoices/Pdf/{invoice}{query}");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe(expectedFile);
            var file = Path.Combine(folder, name);
            await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
            return file;
        }

        // The document's own language: the product code as typed (Latin digits), the page numbers drawn in Persian digits.
        var persian = await Download("", "fa.pdf", number + ".pdf");
        var persianText = Tool("pdftotext", $"-enc UTF-8 \"{persian}\" -");
        persianText.ShouldContain(product.Code);
        persianText.ShouldContain("فاکتور فروش");
        Tool("pdffonts", $"\"{persian}\"").ShouldContain("Vazirmatn-FD");

        // The other language: every label, the unit, the date and the amount in words in English, Latin digits throughout.
        var english = await Download("?language=en", "en.pdf", number + "-en.pdf");
        var englishText = Tool("pdftotext", $"-enc UTF-8 \"{english}\" -");
        englishText.ShouldContain("Invoice");
        englishText.ShouldContain("Due date");
        englishText.ShouldContain("pcs");
        englishText.ShouldContain("five million rials");
        englishText.ShouldContain("5,000,000");
        englishText.ShouldContain(Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        englishText.ShouldContain(product.Code);
        englishText.ShouldNotContain("فاکتور");
        englishText.ShouldNotContain("عدد");
        System.Text.RegularExpressions.Regex.IsMatch(englishText, "[۰-۹]").ShouldBeFalse();
        Tool("pdffonts", $"\"{english}\"").ShouldNotContain("Vazirmatn-FD");
        StoredInvoice(invoice).Language.ShouldBe("fa");
    }

    [Fact]
    public async Task An_invoice_made_from_a_quote_takes_the_invoice_terms_not_the_quotes_validity()
    {
        await App.QueryAsync(async db =>
        {
            var settings = await db.Set<InvoicingSettings>().SingleAsync();
            (settings.DefaultTerms, settings.DefaultInvoiceTerms) = ("این پیش‌فاکتور دو هفته اعتبار دارد.", "تحویل پس از پرداخت.");
            return await db.SaveChangesAsync();
        });
        var rep = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var contact = await NewContact(rep);
        var form = WebUtility.HtmlDecode(await rep.GetStringAsync("/Invoicing/Quotes/Create"));
        form.ShouldContain("این پیش‌فاکتور دو هفته اعتبار دارد.");
        var quote = IdFrom(await rep.PostForm("/Invoicing/Quotes/Create", "/Invoicing/Quotes/Save",
            [("Customer", $"Contact:{contact}"), ("QuoteDate", Jalali(Today)), ("ValidUntil", Jalali(Today.AddDays(14))), ("Language", "fa"),
             ("Terms", "این پیش‌فاکتور دو هفته اعتبار دارد."), .. Line(0, "نصب", "1", "500000")]));
        (await rep.PostForm($"/Invoicing/Quotes/Details/{quote}", $"/Invoicing/Quotes/Send/{quote}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await rep.PostForm($"/Invoicing/Quotes/Details/{quote}", $"/Invoicing/Quotes/Accept/{quote}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var toInvoice = await rep.PostForm($"/Invoicing/Quotes/Details/{quote}", $"/Invoicing/Quotes/ToInvoice/{quote}");
        var invoice = Guid.Parse(toInvoice.Headers.Location!.ToString().Split('/').Last());
        StoredInvoice(invoice).Terms.ShouldBe("تحویل پس از پرداخت.");
        WebUtility.HtmlDecode(await rep.GetStringAsync("/Invoicing/Invoices/Create")).ShouldContain("تحویل پس از پرداخت.");
    }

    [Fact]
    public async Task Another_teams_rep_cannot_see_or_touch_quotes_and_invoices_and_a_rep_cannot_open_the_settings()
    {
        var owner = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var outsider = await App.SignedInAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var contact = await NewContact(owner);
        var quote = IdFrom(await SaveQuote(owner, contact, Line(0, "محرمانه", "1", "1000")));
        var invoice = await IssuedInvoice(owner, contact, "1000");
        var number = StoredInvoice(invoice).Number!;

        foreach (var url in new[] { $"/Invoicing/Quotes/Details/{quote}", $"/Invoicing/Quotes/Preview/{quote}", $"/Invoicing/Quotes/Pdf/{quote}", $"/Invoicing/Invoices/Details/{invoice}",
                     $"/Invoicing/Invoices/Pdf/{invoice}", $"/Invoicing/Invoices/ExportLines/{invoice}", $"/Invoicing/Invoices/Return/{invoice}" })
        {
            (await outsider.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
        }

        (await outsider.GetStringAsync("/Invoicing/Invoices")).ShouldNotContain(number);
        (await XlsxText(await outsider.GetAsync("/Invoicing/Invoices/Export"))).ShouldNotContain(number);
        (await XlsxText(await owner.GetAsync("/Invoicing/Invoices/Export"))).ShouldContain(number);
        var payment = await Post(outsider, "/Invoicing/Invoices/AddPayment", ("InvoiceId", invoice.ToString()), ("Method", "Cash"), ("Amount", "1000"), ("PaidOn", Jalali(Today)));
        App.Query(db => db.Set<Payment>().Count(p => p.InvoiceId == invoice)).ShouldBe(0);
        (await Post(outsider, $"/Invoicing/Invoices/Cancel/{invoice}", ("reason", "x"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        StoredInvoice(invoice).CancelledAt.ShouldBeNull();
        (await outsider.PostForm("/Invoicing/Invoices", $"/Invoicing/Quotes/Send/{quote}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        StoredQuote(quote).Status.ShouldBe(QuoteStatus.Draft);

        (await owner.GetAsync("/Invoicing/Settings")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await owner.PostForm("/Invoicing/Invoices", "/Invoicing/Settings/Save", ("CompanyName", "x"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await owner.PostAsync($"/Invoicing/Invoices/Issue/{invoice}", new FormUrlEncodedContent([]))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var standard = App.Query(db => db.Set<ReminderPolicy>().Single(p => p.IsDefault)).Id;
        (await Post(outsider, $"/Invoicing/Invoices/ReminderPolicy/{invoice}", ("policyId", standard.ToString()))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Post(outsider, "/Invoicing/CustomerBilling/CustomerPolicy", ("customer", $"Contact:{contact}"), ("policyId", standard.ToString()))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        App.Query(db => db.Set<CustomerReminderPolicy>().Count(c => c.CustomerId == contact)).ShouldBe(0);
        StoredInvoice(invoice).ReminderPolicyId.ShouldBeNull();
        (await Post(owner, "/Invoicing/Settings/SavePolicy", ("name", "ربوده"), ("maxCount", "3"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        App.Query(db => db.Set<ReminderPolicy>().Count(p => p.Name == "ربوده")).ShouldBe(0);

        var marketer = await App.SignedInAsync(CrmRoles.Marketer, null);
        foreach (var url in new[] { "/Invoicing/Invoices", "/Invoicing/Quotes", "/Invoicing/Cheques", "/Invoicing/Quotes/Create" })
        {
            (await marketer.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, url);
        }
    }

    [Fact]
    public async Task Settings_put_the_company_on_documents_and_refuse_a_bad_pattern()
    {
        var admin = await App.SignedInAsync(CrmRoles.Administrator, null);
        var settings = App.Query(db => db.Set<InvoicingSettings>().Single());
        var refused = await admin.PostForm("/Invoicing/Settings", "/Invoicing/Settings/Save", ("Version", settings.Version.ToString()), ("CompanyName", "بازرگانی آرمان"),
            ("QuotePattern", "Q-{year}"), ("InvoicePattern", settings.InvoicePattern), ("ReturnPattern", settings.ReturnPattern), ("ServicePattern", settings.ServicePattern),
            ("QuoteValidDays", "14"), ("PaymentDays", "30"), ("ApprovalThreshold", "15"));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()).ShouldContain("الگو باید {number}");

        var saved = await admin.PostForm("/Invoicing/Settings", "/Invoicing/Settings/Save", ("Version", settings.Version.ToString()), ("CompanyName", "بازرگانی آرمان"),
            ("EconomicCode", "۴۱۱۱۲۲۳۳۴۴۵۵"), ("QuotePattern", settings.QuotePattern), ("InvoicePattern", settings.InvoicePattern), ("ReturnPattern", settings.ReturnPattern),
            ("ServicePattern", settings.ServicePattern), ("QuoteValidDays", "14"), ("PaymentDays", "30"), ("ApprovalThreshold", "15"), ("FooterText", "<script>alert(1)</script>"));
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var contact = await NewContact(admin);
        var invoice = await IssuedInvoice(admin, contact, "5000");
        var html = await admin.GetStringAsync($"/Invoicing/Invoices/Preview/{invoice}");
        html.ShouldContain("بازرگانی آرمان");
        html.ShouldContain("411122334455".Replace("4", "۴").Replace("1", "۱").Replace("2", "۲").Replace("3", "۳").Replace("5", "۵"));
        html.ShouldNotContain("<script>alert(1)</script>");
        html.ShouldContain("&lt;script&gt;");
    }

    private static string Tool(string name, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(name, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, process.StandardError.ReadToEnd());
        return output;
    }
}

/// <summary>Counts <see cref="InvoicePaid"/> and <see cref="InvoiceIssued"/> per invoice as another module would receive them.</summary>
public sealed class PaidCounter
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(Guid, bool), int> _counts = new();

    public int Count(Guid invoice) => _counts.GetValueOrDefault((invoice, true));

    public int Issued(Guid invoice) => _counts.GetValueOrDefault((invoice, false));

    public void Add(Guid invoice, bool paid) => _counts.AddOrUpdate((invoice, paid), 1, (_, n) => n + 1);
}

public sealed class PaidHandler(PaidCounter counter) : INotificationHandler<InvoicePaid>, INotificationHandler<InvoiceIssued>
{
    public ValueTask Handle(InvoicePaid notification, CancellationToken cancellationToken)
    {
        counter.Add(notification.InvoiceId, paid: true);
        return ValueTask.CompletedTask;
    }

    public ValueTask Handle(InvoiceIssued notification, CancellationToken cancellationToken)
    {
        counter.Add(notification.InvoiceId, paid: false);
        return ValueTask.CompletedTask;
    }
}

public sealed class SqliteInvoicingTests(SqliteInvoicingFixture fixture) : InvoicingTests<SqliteInvoicingFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresInvoicingTests(PostgresInvoicingFixture fixture) : InvoicingTests<PostgresInvoicingFixture>(fixture);

/// <summary>Where Chromium is missing the app still runs, and the PDF actions say what is missing.</summary>
public sealed class InvoicingWithoutChromiumTests : IDisposable
{
    private readonly CrmAppFactory _app = new(DatabaseProviders.Sqlite, new Dictionary<string, string>
    {
        ["Jobs:Enabled"] = "false",
        ["Documents:ChromiumPath"] = "/nonexistent/chromium",
    });

    [Fact]
    public async Task The_pdf_action_explains_that_chromium_is_missing_and_the_preview_still_works()
    {
        var rep = await _app.SignedInAsync(CrmRoles.SalesRep, await _app.NewTeamAsync());
        var contact = IdFrom(await rep.PostForm("/Contacts/Contacts/Create", "/Contacts/Contacts/Save",
            ("FirstName", "سینا"), ("LastName", Unique("ر")), ("Phones[0].Type", "Mobile"), ("Phones[0].Number", Mobile()), ("Source", "Phone"), ("Rating", "0")));
        var today = JalaliDate.Format(_app.Services.GetRequiredService<IDisplayFormatter>().Today());
        var quote = IdFrom(await rep.PostForm("/Invoicing/Quotes/Create", "/Invoicing/Quotes/Save", ("Customer", $"Contact:{contact}"), ("QuoteDate", today), ("ValidUntil", today),
            ("Language", "fa"), ("Lines[0].Description", "مشاوره"), ("Lines[0].Quantity", "1"), ("Lines[0].UnitPrice", "1000"), ("Lines[0].VatRate", "0")));

        var details = WebUtility.HtmlDecode(await rep.GetStringAsync($"/Invoicing/Quotes/Details/{quote}"));
        details.ShouldContain("/nonexistent/chromium");
        var pdf = await rep.GetAsync($"/Invoicing/Quotes/Pdf/{quote}");
        pdf.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var message = WebUtility.HtmlDecode(await rep.GetStringAsync(pdf.Headers.Location!.ToString()));
        message.ShouldContain("ساخت پی‌دی‌اف به Chromium نیاز دارد که در /nonexistent/chromium پیدا نشد");
        (await rep.GetAsync($"/Invoicing/Quotes/Preview/{quote}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Emailing needs the PDF, so it is refused and the quote stays a draft; marking it sent without email works.
        (await rep.PostForm($"/Invoicing/Quotes/Details/{quote}", $"/Invoicing/Quotes/Send/{quote}", ("email", "a@customer.example"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        _app.Query(db => db.Set<Quote>().Single(q => q.Id == quote).Status).ShouldBe(QuoteStatus.Draft);
        (await rep.PostForm($"/Invoicing/Quotes/Details/{quote}", $"/Invoicing/Quotes/Send/{quote}", ("email", ""))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        _app.Query(db => db.Set<Quote>().Single(q => q.Id == quote).Status).ShouldBe(QuoteStatus.Sent);
    }

    public void Dispose() => _app.Dispose();
}
