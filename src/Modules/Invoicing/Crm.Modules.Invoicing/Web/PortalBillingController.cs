using Crm.Modules.Invoicing.Documents;
using Crm.Modules.Invoicing.Domain;
using Crm.Modules.Invoicing.Features;
using Crm.Modules.Portal.Contracts;
using Crm.SharedKernel.Documents;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.Modules.Invoicing.Contracts;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Invoicing.Web;

public sealed record PortalInvoiceModel(Invoice Invoice, IReadOnlyList<Payment> Payments, DateOnly Today)
{
    /// <summary>The secret of the link the page was opened by (read-only, without signing in); null on the signed-in portal.</summary>
    public string? SharedToken { get; init; }
}

/// <summary>An invoice as the portal's list shows it: only the columns it prints, and what its status follows from.</summary>
public sealed record PortalInvoiceRow(Guid Id, string? Number, DateOnly IssueDate, InvoiceStanding Standing);

public sealed record PortalQuoteModel(Quote Quote, DateOnly Today, string? Error)
{
    public string? SharedToken { get; init; }
}

/// <summary>
/// The customer's invoices and quotes on the portal: lists, details, PDFs, and deciding a quote online. Only documents
/// of the signed-in customer (their contact, and their organizations where allowed) are found; anything else is 404,
/// the same answer as a document that does not exist. Drafts and superseded revisions are never shown.
/// </summary>
[PortalPage]
[AutoValidateAntiforgeryToken]
public sealed class PortalBillingController(DbContext db, QuoteService quotes, DocumentHtml documents, IMediator mediator, IDisplayFormatter format, IStringLocalizer<InvoicingResources> l) : Controller
{
    public const string InvoicesSection = "invoices";
    public const string QuotesSection = "quotes";
    public const int PageSize = 20;

    [HttpGet("/portal/invoices")]
    public async Task<IActionResult> Invoices(int page, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(InvoicesSection, cancellationToken) is not { } customer)
        {
            return NotFound();
        }

        page = Math.Clamp(page, 0, 1000);
        // A projection: the whole invoice (its customer's snapshot, notes, terms) is many columns the list never prints.
        var rows = await InvoicesOf(customer).OrderByDescending(x => x.IssueDate).ThenByDescending(x => x.Id).Skip(page * PageSize).Take(PageSize + 1)
            .Select(x => new PortalInvoiceRow(x.Id, x.Number, x.IssueDate, new InvoiceStanding(x.Type, x.IssuedAt != null, x.CancelledAt != null, x.Total,
                x.PaidAmount, x.CreditedAmount, x.DueDate, x.Installments.Select(i => new Installment { Position = i.Position, DueDate = i.DueDate, Amount = i.Amount }).ToList())))
            .ToListAsync(cancellationToken);
        ViewBag.Today = format.Today();
        ViewBag.Next = rows.Count > PageSize ? page + 1 : (int?)null;
        return View("~/Areas/Invoicing/Views/PortalBilling/Invoices.cshtml", rows.Take(PageSize).ToList());
    }

    [HttpGet("/portal/invoices/{id:guid}")]
    public async Task<IActionResult> Invoice(Guid id, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(InvoicesSection, cancellationToken) is not { } customer
            || await InvoicesOf(customer).AsNoTracking().Include(x => x.Lines).Include(x => x.Installments).AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, cancellationToken) is not { } invoice)
        {
            return NotFound();
        }

        var payments = await db.Set<Payment>().AsNoTracking().Where(p => p.InvoiceId == id).OrderBy(p => p.PaidOn).ThenBy(p => p.Id).ToListAsync(cancellationToken);
        return View("~/Areas/Invoicing/Views/PortalBilling/Invoice.cshtml", new PortalInvoiceModel(invoice, payments, format.Today()));
    }

    [HttpGet("/portal/invoices/{id:guid}/pdf")]
    public async Task<IActionResult> InvoicePdf(Guid id, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(InvoicesSection, cancellationToken) is not { } customer
            || await InvoicesOf(customer).Include(x => x.Lines).Include(x => x.Installments).AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, cancellationToken) is not { } invoice)
        {
            return NotFound();
        }

        return await InvoicePdfAsync(invoice, $"/portal/invoices/{id}", cancellationToken);
    }

    [HttpGet("/portal/quotes")]
    public async Task<IActionResult> Quotes(int page, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(QuotesSection, cancellationToken) is not { } customer)
        {
            return NotFound();
        }

        page = Math.Clamp(page, 0, 1000);
        var rows = await QuotesOf(customer).AsNoTracking().OrderByDescending(x => x.QuoteDate).ThenByDescending(x => x.Id)
            .Skip(page * PageSize).Take(PageSize + 1).ToListAsync(cancellationToken);
        ViewBag.Today = format.Today();
        ViewBag.Next = rows.Count > PageSize ? page + 1 : (int?)null;
        return View("~/Areas/Invoicing/Views/PortalBilling/Quotes.cshtml", rows.Take(PageSize).ToList());
    }

    [HttpGet("/portal/quotes/{id:guid}")]
    public async Task<IActionResult> Quote(Guid id, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(QuotesSection, cancellationToken) is not { } customer
            || await QuotesOf(customer).AsNoTracking().Include(x => x.Lines).FirstOrDefaultAsync(x => x.Id == id, cancellationToken) is not { } quote)
        {
            return NotFound();
        }

        return View("~/Areas/Invoicing/Views/PortalBilling/Quote.cshtml", new PortalQuoteModel(quote, format.Today(), null));
    }

    [HttpGet("/portal/quotes/{id:guid}/pdf")]
    public async Task<IActionResult> QuotePdf(Guid id, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(QuotesSection, cancellationToken) is not { } customer
            || await QuotesOf(customer).Include(x => x.Lines).FirstOrDefaultAsync(x => x.Id == id, cancellationToken) is not { } quote)
        {
            return NotFound();
        }

        return await QuotePdfAsync(quote, $"/portal/quotes/{id}", cancellationToken);
    }

    /// <summary>Accepts or declines the quote, confirmed by the name the customer types.</summary>
    [HttpPost("/portal/quotes/{id:guid}/decide")]
    public async Task<IActionResult> Decide(Guid id, bool accept, string? name, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(QuotesSection, cancellationToken) is not { } customer
            || await QuotesOf(customer).AsNoTracking().Include(x => x.Lines).FirstOrDefaultAsync(x => x.Id == id, cancellationToken) is not { } quote)
        {
            return NotFound();
        }

        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var outcome = await quotes.DecideOnlineAsync(id, accept, name, address, cancellationToken);
        if (!outcome.Done)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("~/Areas/Invoicing/Views/PortalBilling/Quote.cshtml", new PortalQuoteModel(quote, format.Today(), outcome.Error));
        }

        TempData["Message"] = l[accept ? "Portal_QuoteAccepted" : "Portal_QuoteDeclined"].Value;
        return Redirect($"/portal/quotes/{id}");
    }

    /// <summary>An invoice opened by the link sent to its customer: read-only, no sign-in, until the link expires or is revoked.</summary>
    [HttpGet(DocumentLinksFor.InvoicePath + "{token}")]
    [AllowAnonymous]
    [EnableRateLimiting(RateLimitPolicies.Public)]
    public async Task<IActionResult> SharedInvoice(string token, CancellationToken cancellationToken)
    {
        if (await SharedInvoiceAsync(token, cancellationToken) is not { } invoice)
        {
            return NotFound();
        }

        var payments = await db.Set<Payment>().AsNoTracking().Where(p => p.InvoiceId == invoice.Id).OrderBy(p => p.PaidOn).ThenBy(p => p.Id).ToListAsync(cancellationToken);
        Shared();
        return View("~/Areas/Invoicing/Views/PortalBilling/Invoice.cshtml", new PortalInvoiceModel(invoice, payments, format.Today()) { SharedToken = token });
    }

    [HttpGet(DocumentLinksFor.InvoicePath + "{token}/pdf")]
    [AllowAnonymous]
    [EnableRateLimiting(RateLimitPolicies.Public)]
    public async Task<IActionResult> SharedInvoicePdf(string token, CancellationToken cancellationToken)
    {
        if (await SharedInvoiceAsync(token, cancellationToken) is not { } invoice)
        {
            return NotFound();
        }

        Shared();
        return await InvoicePdfAsync(invoice, DocumentLinksFor.InvoicePath + token, cancellationToken);
    }

    /// <summary>A quote opened by the link sent to its customer: read and download; deciding it asks the customer to sign in.</summary>
    [HttpGet(DocumentLinksFor.QuotePath + "{token}")]
    [AllowAnonymous]
    [EnableRateLimiting(RateLimitPolicies.Public)]
    public async Task<IActionResult> SharedQuote(string token, CancellationToken cancellationToken)
    {
        if (await SharedQuoteAsync(token, cancellationToken) is not { } quote)
        {
            return NotFound();
        }

        Shared();
        return View("~/Areas/Invoicing/Views/PortalBilling/Quote.cshtml", new PortalQuoteModel(quote, format.Today(), null) { SharedToken = token });
    }

    [HttpGet(DocumentLinksFor.QuotePath + "{token}/pdf")]
    [AllowAnonymous]
    [EnableRateLimiting(RateLimitPolicies.Public)]
    public async Task<IActionResult> SharedQuotePdf(string token, CancellationToken cancellationToken)
    {
        if (await SharedQuoteAsync(token, cancellationToken) is not { } quote)
        {
            return NotFound();
        }

        Shared();
        return await QuotePdfAsync(quote, DocumentLinksFor.QuotePath + token, cancellationToken);
    }

    /// <summary>A page opened by a secret link is never cached nor sends its address on to another site.</summary>
    private void Shared()
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers["Referrer-Policy"] = "no-referrer";
    }

    /// <summary>The issued invoice a live link opens, if the link's customer still holds it.</summary>
    private async Task<Invoice?> SharedInvoiceAsync(string token, CancellationToken cancellationToken) =>
        await mediator.Send(new OpenDocumentLink(InvoicingRecordTypes.Invoice, token), cancellationToken) is { } target
            ? await db.Set<Invoice>().AsNoTracking().Include(x => x.Lines).Include(x => x.Installments).AsSplitQuery()
                .FirstOrDefaultAsync(x => x.Id == target.DocumentId && x.IssuedAt != null, cancellationToken)
            : null;

    private async Task<Quote?> SharedQuoteAsync(string token, CancellationToken cancellationToken) =>
        await mediator.Send(new OpenDocumentLink(InvoicingRecordTypes.Quote, token), cancellationToken) is { } target
            ? await db.Set<Quote>().AsNoTracking().Include(x => x.Lines)
                .FirstOrDefaultAsync(x => x.Id == target.DocumentId && x.Status != QuoteStatus.Draft && x.Status != QuoteStatus.Superseded, cancellationToken)
            : null;

    private Task<PortalCustomer?> CustomerAsync(string section, CancellationToken cancellationToken) =>
        PortalCustomer.InSectionAsync(User, mediator, section, cancellationToken);

    private IQueryable<Invoice> InvoicesOf(PortalCustomer customer) =>
        db.Set<Invoice>().OfCustomer(customer, x => x.ContactId, x => x.OrganizationId).Where(x => x.IssuedAt != null);

    private IQueryable<Quote> QuotesOf(PortalCustomer customer) =>
        db.Set<Quote>().OfCustomer(customer, x => x.ContactId, x => x.OrganizationId).Where(x => x.Status != QuoteStatus.Draft && x.Status != QuoteStatus.Superseded);

    /// <summary>The printed invoice, by the same renderer staff use; back to <paramref name="back"/> when no PDF can be made now.</summary>
    private async Task<IActionResult> InvoicePdfAsync(Invoice invoice, string back, CancellationToken cancellationToken)
    {
        var returnOf = invoice.ReturnOfId is { } of ? await db.Set<Invoice>().Where(x => x.Id == of).Select(x => x.Number).FirstOrDefaultAsync(cancellationToken) : null;
        var printed = documents.Invoice(invoice, returnOf, null);
        return await PdfAsync(() => documents.PdfAsync(printed, invoice.Customer, cancellationToken), DocumentFiles.InvoiceFileName(invoice, printed.Language), back);
    }

    private Task<IActionResult> QuotePdfAsync(Quote quote, string back, CancellationToken cancellationToken)
    {
        var printed = DocumentHtml.Quote(quote);
        return PdfAsync(() => documents.PdfAsync(printed, quote.Customer, cancellationToken), DocumentFiles.QuoteFileName(quote, printed.Language), back);
    }

    private async Task<IActionResult> PdfAsync(Func<Task<byte[]>> render, string fileName, string back)
    {
        try
        {
            return File(await render(), "application/pdf", fileName);
        }
        catch (PdfUnavailableException)
        {
            TempData["Error"] = l["Portal_PdfUnavailable"].Value;
            return Redirect(back);
        }
    }
}
