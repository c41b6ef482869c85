using System.Net;
using System.Text.RegularExpressions;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Invoicing.Domain;
using Crm.SharedKernel.Localization;
using Crm.Modules.Messaging.Domain;
using Crm.SharedKernel.Messaging;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Crm.IntegrationTests.TestSupport;

namespace Crm.IntegrationTests;

/// <summary>Customers of the portal for tests: a contact with a mobile, its account opened by staff, signed in with the texted code.</summary>
public static partial class PortalSupport
{
    public static async Task<Guid> ContactWithMobileAsync(this WorkflowAppFixture fixture, string mobile, string lastName = "رضایی")
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>()
            .Send(new CreateContact("مریم", Unique(lastName), mobile, null, null, null, CustomerSource.Phone, null, null, null, null));
    }

    /// <summary>Opens the contact's account from their page as <paramref name="staff"/>, then signs the customer in with the code texted to them.</summary>
    public static async Task<HttpClient> PortalCustomerAsync(this WorkflowAppFixture fixture, HttpClient staff, Guid contactId, string mobile)
    {
        (await staff.PostForm($"/Contacts/Contacts/Details/{contactId}", "/Portal/Accounts/Open", ("contactId", contactId.ToString()))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var customer = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await customer.PostForm("/portal/sign-in", "/portal/sign-in", ("mobile", mobile))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var sms = await fixture.Base.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.ToKey == mobile.Substring(1) && m.Urgent).OrderBy(m => m.CreatedAt).LastAsync());
        var code = CodePattern().Match(sms.Body).Groups[1].Value;
        var signedIn = await customer.PostForm("/portal/code?mobile=" + mobile, "/portal/code", ("mobile", mobile), ("code", code));
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, await signedIn.Content.ReadAsStringAsync());
        return customer;
    }

    /// <summary>Posts a page's form with files, as a browser's multipart post, with the page's anti-forgery token.</summary>
    public static async Task<HttpResponseMessage> PostWithFiles(this HttpClient client, string pageUrl, string actionUrl, (string Name, string Value)[] fields, params (string Name, byte[] Content)[] files)
    {
        var token = await client.TokenFrom(pageUrl);
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        foreach (var (name, content) in files)
        {
            form.Add(new ByteArrayContent(content), "files", name);
        }

        return await client.PostAsync(actionUrl, form);
    }

    public static (string, string)[] InvoiceFields(string customer, DateOnly today) =>
    [
        ("Customer", customer), ("Type", "Sales"), ("IssueDate", JalaliDate.Format(today)), ("DueDate", JalaliDate.Format(today.AddDays(30))), ("Language", "fa"),
        ("Lines[0].ProductId", ""), ("Lines[0].Description", "خدمات نصب"), ("Lines[0].Unit", "عدد"), ("Lines[0].Quantity", "1"), ("Lines[0].UnitPrice", "1500000"),
        ("Lines[0].Discount", ""), ("Lines[0].VatRate", "10"),
    ];

    public static async Task<Guid> IssuedInvoiceAsync(this HttpClient staff, DateOnly today, string customer)
    {
        var id = IdFrom(await staff.PostForm("/Invoicing/Invoices/Create", "/Invoicing/Invoices/Save", InvoiceFields(customer, today)));
        (await staff.PostForm($"/Invoicing/Invoices/Details/{id}", $"/Invoicing/Invoices/Issue/{id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return id;
    }

    /// <summary>A quote for the contact, sent (by email to <paramref name="email"/> when given).</summary>
    public static async Task<Guid> SentQuoteAsync(this WorkflowAppFixture fixture, HttpClient staff, DateOnly today, Guid contact, string? email = null)
    {
        var id = IdFrom(await staff.PostForm("/Invoicing/Quotes/Create", "/Invoicing/Quotes/Save",
            ("Customer", $"Contact:{contact}"), ("QuoteDate", JalaliDate.Format(today)), ("ValidUntil", JalaliDate.Format(today.AddDays(14))), ("Language", "fa"),
            ("Lines[0].ProductId", ""), ("Lines[0].Description", "پشتیبانی سالانه"), ("Lines[0].Unit", "عدد"), ("Lines[0].Quantity", "1"), ("Lines[0].UnitPrice", "9000000"),
            ("Lines[0].Discount", ""), ("Lines[0].VatRate", "10")));
        (await staff.PostForm($"/Invoicing/Quotes/Details/{id}", $"/Invoicing/Quotes/Send/{id}", ("email", email ?? ""))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await fixture.Base.QueryAsync(db => db.Set<Quote>().AsNoTracking().SingleAsync(q => q.Id == id))).Status.ShouldBe(QuoteStatus.Sent);
        return id;
    }

    /// <summary>The six digits of a sign-in code in its SMS.</summary>
    [GeneratedRegex("#(\\d{6})")]
    public static partial Regex CodePattern();

    /// <summary>A form page's own fill token.</summary>
    [GeneratedRegex("name=\"__fill\" value=\"([^\"]+)\"")]
    public static partial Regex FillToken();
}
