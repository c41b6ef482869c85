using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Invoicing.Documents;
using Crm.Modules.Invoicing.Domain;
using Crm.Modules.Invoicing.Features;
using Crm.SharedKernel.Documents;
using Crm.SharedKernel.Imports;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Invoicing.Web;

/// <summary>Quotes (pre-invoices): the list, the form, approval, sending, the customer's answer, revisions, the printed document.</summary>
[Area(InvoicingModule.ModuleName)]
[HasPermission(InvoicingPermissions.View)]
[AutoValidateAntiforgeryToken]
public sealed class QuotesController(
    DbContext db,
    QuoteService quotes,
    InvoiceService invoices,
    DocumentForms forms,
    DocumentHtml documents,
    IPdfRenderer pdf,
    ISpreadsheets spreadsheets,
    ICurrentUser user,
    RecordDirectory records,
    IMediator mediator,
    IDisplayFormatter format,
    IStringLocalizer<InvoicingResources> l) : Controller
{
    public const int PageSize = 50;

    [HttpGet]
    public async Task<IActionResult> Index(string? q, QuoteStatus? status, bool pending, bool deleted, string? after, string? before, bool last, CancellationToken cancellationToken)
    {
        // Keyset paging, newest first, as every large list: a page costs the same however deep, and nothing is counted.
        var page = await Keyset.PageAsync(Filtered(q, status, pending, deleted), null, descending: true, new PageRequest(after, before, last), PageSize, x => x, cancellationToken);
        ViewBag.Pager = page.Pager;
        return View(page.Rows.ToList());
    }

    [HttpGet]
    [HasPermission(InvoicingPermissions.Export)]
    public async Task Export(string? q, QuoteStatus? status, bool pending, CancellationToken cancellationToken)
    {
        var rows = Filtered(q, status, pending, false).OrderByDescending(x => x.Id).AsAsyncEnumerable();
        Response.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        Response.Headers.ContentDisposition = $"attachment; filename=\"quotes-{DateTime.UtcNow:yyyyMMdd-HHmm}.xlsx\"";
        await spreadsheets.WriteXlsxAsync(Response.Body, l["Menu_Quotes"],
            [l["Field_Number"], l["Field_Revision"], l["Field_Customer"], l["Field_Date"], l["Field_ValidUntil"], l["Field_Status"], l["Field_Subtotal"], l["Field_Discount"], l["Field_Vat"], l["Field_Total"]],
            rows.ToSheetRows(x => [x.Number, x.Revision, x.CustomerName, format.Date(x.QuoteDate), format.Date(x.ValidUntil), l["QuoteStatus_" + x.Status].Value, x.Subtotal, x.DiscountTotal, x.VatTotal, x.Total]),
            format.IsPersian, cancellationToken);
    }

    private IQueryable<Quote> Filtered(string? q, QuoteStatus? status, bool pending, bool deleted)
    {
        var query = quotes.Quotes(deleted).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = PersianText.Clean(q);
            query = query.Where(x => x.Number.Contains(text) || x.CustomerName.Contains(text));
        }

        if (status is { } s)
        {
            query = query.Where(x => x.Status == s);
        }

        return pending ? query.Where(x => x.Approval == ApprovalState.Pending) : query;
    }

    [HttpGet]
    [HasPermission(InvoicingPermissions.Edit)]
    public async Task<IActionResult> Create(Guid? opportunity, string? customer, CancellationToken cancellationToken)
    {
        var model = await quotes.NewAsync(opportunity, customer, cancellationToken);
        return model is null ? NotFound() : View("Edit", await forms.WithChoicesAsync(model, cancellationToken));
    }

    [HttpGet]
    [HasPermission(InvoicingPermissions.Edit)]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken)
    {
        var quote = await quotes.FindAsync(id, cancellationToken);
        if (quote is null)
        {
            return NotFound();
        }

        if (!quote.IsEditable)
        {
            TempData["Error"] = l["Error_QuoteNotEditable"].Value;
            return RedirectToAction(nameof(Details), new { id });
        }

        return View(await forms.WithChoicesAsync(quotes.EditModel(quote), cancellationToken));
    }

    [HttpPost]
    [HasPermission(InvoicingPermissions.Edit)]
    public Task<IActionResult> Save(QuoteEditModel model, CancellationToken cancellationToken) =>
        this.SaveRecordAsync(() => quotes.SaveAsync(model, cancellationToken), l["Saved"], async () => View("Edit", await forms.WithChoicesAsync(model, cancellationToken)));

    [HttpGet]
    public async Task<IActionResult> Details(Guid id, CancellationToken cancellationToken)
    {
        var quote = await db.Set<Quote>().IgnoreQueryFilters().VisibleTo(user).Include(x => x.Lines).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (quote is null)
        {
            return NotFound();
        }

        ViewBag.Revisions = await quotes.RevisionsAsync(quote, cancellationToken);
        ViewBag.NeedsApproval = await quotes.NeedsApprovalAsync(quote, cancellationToken);
        ViewBag.PdfProblem = pdf.Problem;
        ViewBag.Email = (await mediator.Send(new GetBillingDetails([quote.Customer]), cancellationToken)).GetValueOrDefault(quote.Customer)?.Email;
        ViewBag.CanApprove = user.HasPermission(InvoicingPermissions.ApproveDiscounts);
        return View(quote);
    }

    [HttpPost]
    [HasPermission(InvoicingPermissions.Edit)]
    public async Task<IActionResult> RequestApproval(Guid id, CancellationToken cancellationToken) =>
        Done(await quotes.RequestApprovalAsync(id, cancellationToken), id, "ApprovalRequested");

    [HttpPost]
    [HasPermission(InvoicingPermissions.ApproveDiscounts)]
    public async Task<IActionResult> Approve(Guid id, bool approve, string? comment, CancellationToken cancellationToken) =>
        Done(await quotes.DecideApprovalAsync(id, approve, comment, cancellationToken), id, approve ? "Approved" : "ApprovalRejected");

    /// <summary>Marks the quote sent; with an email address it goes to the customer with its PDF attached.</summary>
    [HttpPost]
    [HasPermission(InvoicingPermissions.Edit)]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RateLimitPolicies.CustomerMail)]
    public async Task<IActionResult> Send(Guid id, string? email, CancellationToken cancellationToken)
    {
        byte[]? file = null;
        if (!string.IsNullOrWhiteSpace(email))
        {
            var quote = await quotes.FindAsync(id, cancellationToken);
            if (quote is null)
            {
                return NotFound();
            }

            try
            {
                file = await documents.PdfAsync(DocumentHtml.Quote(quote), quote.Customer, cancellationToken);
            }
            catch (PdfUnavailableException e)
            {
                TempData["Error"] = l["Error_NoChromium", e.Message].Value;
                return RedirectToAction(nameof(Details), new { id });
            }
        }

        return Done(await quotes.SendAsync(id, email, file, cancellationToken), id, "QuoteSent");
    }

    [HttpPost]
    [HasPermission(InvoicingPermissions.Edit)]
    public async Task<IActionResult> Accept(Guid id, CancellationToken cancellationToken) => Done(await quotes.DecideAsync(id, true, cancellationToken), id, "QuoteAccepted");

    [HttpPost]
    [HasPermission(InvoicingPermissions.Edit)]
    public async Task<IActionResult> Reject(Guid id, CancellationToken cancellationToken) => Done(await quotes.DecideAsync(id, false, cancellationToken), id, "QuoteRejected");

    [HttpPost]
    [HasPermission(InvoicingPermissions.Edit)]
    public async Task<IActionResult> Revise(Guid id, CancellationToken cancellationToken)
    {
        var (outcome, revision) = await quotes.ReviseAsync(id, cancellationToken);
        return revision is { } next ? Done(outcome, next, "Revised") : Done(outcome, id, "");
    }

    [HttpPost]
    [HasPermission(InvoicingPermissions.Edit)]
    public async Task<IActionResult> ToInvoice(Guid id, CancellationToken cancellationToken)
    {
        var (outcome, invoice) = await invoices.FromQuoteAsync(id, cancellationToken);
        if (invoice is { } created)
        {
            TempData["Message"] = l["InvoiceCreated"].Value;
            return Redirect($"/Invoicing/Invoices/Details/{created}");
        }

        return Done(outcome, id, "");
    }

    /// <summary>The printed document on screen, the same HTML the PDF is made from.</summary>
    [HttpGet]
    public async Task<IActionResult> Preview(Guid id, CancellationToken cancellationToken)
    {
        var quote = await quotes.FindAsync(id, cancellationToken);
        return quote is null ? NotFound() : Content(await documents.RenderAsync(DocumentHtml.Quote(quote), quote.Customer, false, cancellationToken), "text/html; charset=utf-8");
    }

    [HttpGet]
    public async Task<IActionResult> Pdf(Guid id, string? language, CancellationToken cancellationToken)
    {
        var quote = await quotes.FindAsync(id, cancellationToken);
        if (quote is null)
        {
            return NotFound();
        }

        try
        {
            var printed = DocumentHtml.Quote(quote, language);
            return File(await documents.PdfAsync(printed, quote.Customer, cancellationToken), "application/pdf", DocumentFiles.QuoteFileName(quote, printed.Language));
        }
        catch (PdfUnavailableException e)
        {
            TempData["Error"] = l["Error_NoChromium", e.Message].Value;
            return RedirectToAction(nameof(Details), new { id });
        }
    }

    [HttpPost]
    [HasPermission(InvoicingPermissions.Edit)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        var quote = await quotes.Quotes().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (quote is not null && quote.Status != QuoteStatus.Draft)
        {
            TempData["Error"] = l["Error_QuoteNotEditable"].Value;
            return RedirectToAction(nameof(Details), new { id });
        }

        return await this.SoftDeleteAsync(db, quote, id, l["QuoteDeleted"], cancellationToken);
    }

    [HttpPost]
    [HasPermission(InvoicingPermissions.Edit)]
    public async Task<IActionResult> Restore(Guid id, CancellationToken cancellationToken) =>
        await this.RestoreAsync(db, await quotes.Quotes(true).FirstOrDefaultAsync(x => x.Id == id, cancellationToken), false, id, l["Restored"], cancellationToken);

    /// <summary>The buyer picker's suggestions: organizations and contacts the user may see.</summary>
    [HttpGet]
    public async Task<IActionResult> Customers(string? q, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Trim().Length < 2)
        {
            return Json(Array.Empty<object>());
        }

        var found = await records.SearchAsync(q.Trim(), 8, [RecordTypes.Organization, RecordTypes.Contact], cancellationToken);
        return Json(found.Select(r => new { value = r.Record.ToString(), title = r.Title, type = r.TypeName }));
    }

    private RedirectToActionResult Done(Outcome outcome, Guid id, string messageKey)
    {
        TempData[outcome.Done ? "Message" : "Error"] = outcome.Done ? l[messageKey].Value : outcome.Error;
        return RedirectToAction(nameof(Details), new { id });
    }
}
