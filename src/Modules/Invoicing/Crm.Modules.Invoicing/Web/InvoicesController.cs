using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Invoicing.Documents;
using Crm.Modules.Invoicing.Domain;
using Crm.Modules.Invoicing.Features;
using Crm.SharedKernel.Documents;
using Crm.SharedKernel.Imports;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Invoicing.Web;

/// <summary>Invoices: the list, drafts, issuing, cancelling, returns, payments, cheques, installments and the printed document.</summary>
[Area(InvoicingModule.ModuleName)]
[HasPermission(InvoicingPermissions.View)]
[AutoValidateAntiforgeryToken]
public sealed class InvoicesController(
    DbContext db,
    InvoiceService invoices,
    DocumentForms forms,
    DocumentHtml documents,
    IPdfRenderer pdf,
    ISpreadsheets spreadsheets,
    ICurrentUser user,
    IMediator mediator,
    IDisplayFormatter format,
    IStringLocalizer<InvoicingResources> l) : Controller
{
    public const int PageSize = 50;

    [HttpGet]
    public async Task<IActionResult> Index(string? q, InvoiceStatus? status, bool deleted, string? after, string? before, bool last, CancellationToken cancellationToken)
    {
        // Keyset paging, newest first, as every large list: a page costs the same however deep, and nothing is counted.
        var page = await Keyset.PageAsync(Filtered(q, status, deleted), null, descending: true, new PageRequest(after, before, last), PageSize, x => x.Id, cancellationToken);
        var ids = page.Rows.ToList();
        ViewBag.Pager = page.Pager;
        ViewBag.Today = format.Today();
        return View(await invoices.Invoices(deleted).AsNoTracking().Where(x => ids.Contains(x.Id)).Include(x => x.Installments)
            .OrderByDescending(x => x.Id).ToListAsync(cancellationToken));
    }

    [HttpGet]
    [HasPermission(InvoicingPermissions.Export)]
    public async Task Export(string? q, InvoiceStatus? status, CancellationToken cancellationToken)
    {
        var today = format.Today();
        var rows = Filtered(q, status, false).Include(x => x.Installments).OrderByDescending(x => x.Id).AsAsyncEnumerable();
        Response.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        Response.Headers.ContentDisposition = $"attachment; filename=\"invoices-{DateTime.UtcNow:yyyyMMdd-HHmm}.xlsx\"";
        await spreadsheets.WriteXlsxAsync(Response.Body, l["Menu_Invoices"],
            [l["Field_Number"], l["Field_Type"], l["Field_Customer"], l["Field_IssueDate"], l["Field_DueDate"], l["Field_Status"], l["Field_Total"], l["Field_Paid"], l["Field_Balance"]],
            rows.ToSheetRows(x => [x.Number, l["InvoiceType_" + x.Type].Value, x.CustomerName, format.Date(x.IssueDate), format.Date(x.DueDate), l["InvoiceStatus_" + x.StatusOn(today)].Value, x.Total, x.PaidAmount, x.Balance]),
            format.IsPersian, cancellationToken);
    }

    /// <summary>A single invoice's lines as a spreadsheet.</summary>
    [HttpGet]
    [HasPermission(InvoicingPermissions.Export)]
    public async Task<IActionResult> ExportLines(Guid id, CancellationToken cancellationToken)
    {
        var invoice = await invoices.FindAsync(id, cancellationToken);
        if (invoice is null)
        {
            return NotFound();
        }

        Response.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{invoice.Number ?? "draft"}-lines.xlsx\"";
        await spreadsheets.WriteXlsxAsync(Response.Body, invoice.Number ?? l["Doc_Draft"],
            [l["Doc_Row"], l["Doc_Code"], l["Doc_Description"], l["Doc_Quantity"], l["Doc_Unit"], l["Doc_UnitPrice"], l["Doc_Discount"], l["Doc_Net"], l["Doc_Vat"], l["Doc_LineTotal"]],
            invoice.Lines.OrderBy(x => x.Position).ToAsyncEnumerable().ToSheetRows(x => [x.Position + 1, x.Code, x.Description, x.Quantity, x.Unit, x.UnitPrice, x.Discount, x.Net, x.Vat, x.Total]),
            format.IsPersian, cancellationToken);
        return new EmptyResult();
    }

    private IQueryable<Invoice> Filtered(string? q, InvoiceStatus? status, bool deleted)
    {
        var query = invoices.Invoices(deleted).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = PersianText.Clean(q);
            query = query.Where(x => (x.Number != null && x.Number.Contains(text)) || x.CustomerName.Contains(text));
        }

        var today = format.Today();
        return status switch
        {
            InvoiceStatus.Draft => query.Where(x => x.IssuedAt == null && x.CancelledAt == null),
            InvoiceStatus.Cancelled => query.Where(x => x.CancelledAt != null),
            InvoiceStatus.Credited => query.Where(x => x.IssuedAt != null && x.CancelledAt == null && x.Type == InvoiceType.Return),
            InvoiceStatus.Paid => query.Where(x => x.PaidAt != null && x.CancelledAt == null),
            InvoiceStatus.Overdue => Open(query).Where(x => x.DueDate < today || x.Installments.Any(i => i.DueDate < today)),
            InvoiceStatus.Unpaid => Open(query).Where(x => x.PaidAmount + x.CreditedAmount == 0),
            InvoiceStatus.PartiallyPaid => Open(query).Where(x => x.PaidAmount + x.CreditedAmount > 0),
            _ => query,
        };

        static IQueryable<Invoice> Open(IQueryable<Invoice> q) => q.Where(x => x.IssuedAt != null && x.CancelledAt == null && x.PaidAt == null && x.Type != InvoiceType.Return);
    }

    [HttpGet]
    [HasPermission(InvoicingPermissions.Edit)]
    public async Task<IActionResult> Create(string? customer, InvoiceType type, CancellationToken cancellationToken) =>
        View("Edit", await forms.WithChoicesAsync(await invoices.NewAsync(type, customer, cancellationToken), cancellationToken));

    [HttpGet]
    [HasPermission(InvoicingPermissions.Edit)]
    public async Task<IActionResult> Return(Guid id, CancellationToken cancellationToken)
    {
        var model = await invoices.NewReturnAsync(id, cancellationToken);
        return model is null ? NotFound() : View("Edit", await forms.WithChoicesAsync(model, cancellationToken));
    }

    [HttpGet]
    [HasPermission(InvoicingPermissions.Edit)]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken)
    {
        var invoice = await invoices.FindAsync(id, cancellationToken);
        if (invoice is null)
        {
            return NotFound();
        }

        if (!invoice.IsEditable)
        {
            TempData["Error"] = l["Error_InvoiceIssued"].Value;
            return RedirectToAction(nameof(Details), new { id });
        }

        return View(await forms.WithChoicesAsync(invoices.EditModel(invoice), cancellationToken));
    }

    [HttpPost]
    [HasPermission(InvoicingPermissions.Edit)]
    public Task<IActionResult> Save(InvoiceEditModel model, CancellationToken cancellationToken) =>
        this.SaveRecordAsync(() => invoices.SaveAsync(model, cancellationToken), l["Saved"], async () => View("Edit", await forms.WithChoicesAsync(model, cancellationToken)));

    [HttpGet]
    public async Task<IActionResult> Details(Guid id, CancellationToken cancellationToken)
    {
        var invoice = await db.Set<Invoice>().IgnoreQueryFilters().VisibleTo(user).Include(x => x.Lines).Include(x => x.Installments).AsSplitQuery().AsNoTracking()
            .FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (invoice is null)
        {
            return NotFound();
        }

        ViewBag.Payments = await db.Set<Payment>().IgnoreQueryFilters().AsNoTracking().Where(p => p.InvoiceId == id).OrderBy(p => p.PaidOn).ThenBy(p => p.Id).ToListAsync(cancellationToken);
        ViewBag.Returns = await invoices.Invoices().AsNoTracking().Where(x => x.ReturnOfId == id).ToListAsync(cancellationToken);
        ViewBag.ReturnOf = invoice.ReturnOfId is { } of ? await invoices.Invoices().AsNoTracking().FirstOrDefaultAsync(x => x.Id == of, cancellationToken) : null;
        ViewBag.Policies = await db.Set<ReminderPolicy>().AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
        ViewBag.Reminders = await db.Set<SentReminder>().AsNoTracking().Where(r => r.SubjectId == id).OrderByDescending(r => r.SentAt).Take(50).ToListAsync(cancellationToken);
        ViewBag.Today = format.Today();
        ViewBag.PdfProblem = pdf.Problem;
        return View(invoice);
    }

    [HttpPost]
    [HasPermission(InvoicingPermissions.Edit)]
    public async Task<IActionResult> Issue(Guid id, CancellationToken cancellationToken) => Done(await mediator.Send(new IssueInvoice(id), cancellationToken), id, "InvoiceIssued");

    [HttpPost]
    [HasPermission(InvoicingPermissions.Edit)]
    public async Task<IActionResult> Cancel(Guid id, string? reason, CancellationToken cancellationToken) => Done(await mediator.Send(new CancelInvoice(id, reason), cancellationToken), id, "InvoiceCancelled");

    [HttpPost]
    [HasPermission(InvoicingPermissions.Payments)]
    public async Task<IActionResult> AddPayment(PaymentInput input, CancellationToken cancellationToken) =>
        Done(await mediator.Send(new RecordPayment(input), cancellationToken), input.InvoiceId, "PaymentRecorded");

    [HttpPost]
    [HasPermission(InvoicingPermissions.Payments)]
    public async Task<IActionResult> ChequeStatus(Guid id, Guid paymentId, ChequeStatus status, string? backTo, CancellationToken cancellationToken)
    {
        var outcome = await mediator.Send(new SetChequeStatus(paymentId, status), cancellationToken);
        return backTo == "cheques" ? Back(outcome, "ChequeUpdated", RedirectToAction("Index", "Cheques")) : Done(outcome, id, "ChequeUpdated");
    }

    [HttpPost]
    [HasPermission(InvoicingPermissions.Payments)]
    public async Task<IActionResult> VoidPayment(Guid id, Guid paymentId, bool restore, CancellationToken cancellationToken) =>
        Done(await mediator.Send(new VoidPayment(paymentId, restore), cancellationToken), id, restore ? "Restored" : "PaymentVoided");

    [HttpPost]
    [HasPermission(InvoicingPermissions.Payments)]
    public async Task<IActionResult> Installments(Guid id, int count, string? first, int everyDays, CancellationToken cancellationToken) =>
        Done(await invoices.PlanInstallmentsAsync(id, count, first, everyDays, cancellationToken), id, "InstallmentsPlanned");

    /// <summary>Gives this invoice a reminder policy of its own, or back to its customer's (or the default).</summary>
    [HttpPost]
    [HasPermission(InvoicingPermissions.Edit)]
    public async Task<IActionResult> ReminderPolicy(Guid id, Guid? policyId, CancellationToken cancellationToken)
    {
        var invoice = await invoices.FindAsync(id, cancellationToken);
        if (invoice is null)
        {
            return NotFound();
        }

        if (policyId is { } chosen && !await db.Set<ReminderPolicy>().AnyAsync(p => p.Id == chosen, cancellationToken))
        {
            return Done(Outcome.Refused(l["Error_NotFound"]), id, "");
        }

        invoice.ReminderPolicyId = policyId;
        await db.SaveChangesAsync(cancellationToken);
        return Done(Outcome.Ok, id, "Saved");
    }

    [HttpGet]
    public async Task<IActionResult> Preview(Guid id, CancellationToken cancellationToken)
    {
        var invoice = await invoices.FindAsync(id, cancellationToken);
        return invoice is null ? NotFound() : Content(await documents.RenderAsync(await PrintedAsync(invoice, cancellationToken), invoice.Customer, false, cancellationToken), "text/html; charset=utf-8");
    }

    [HttpGet]
    public async Task<IActionResult> Pdf(Guid id, string? language, CancellationToken cancellationToken)
    {
        var invoice = await invoices.FindAsync(id, cancellationToken);
        if (invoice is null)
        {
            return NotFound();
        }

        try
        {
            var printed = await PrintedAsync(invoice, language, cancellationToken);
            return File(await documents.PdfAsync(printed, invoice.Customer, cancellationToken), "application/pdf", DocumentFiles.InvoiceFileName(invoice, printed.Language));
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
        var invoice = await invoices.Invoices().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (invoice is not null && !invoice.IsEditable)
        {
            TempData["Error"] = l["Error_InvoiceIssued"].Value;
            return RedirectToAction(nameof(Details), new { id });
        }

        return await this.SoftDeleteAsync(db, invoice, id, l["InvoiceDeleted"], cancellationToken);
    }

    [HttpPost]
    [HasPermission(InvoicingPermissions.Edit)]
    public async Task<IActionResult> Restore(Guid id, CancellationToken cancellationToken) =>
        await this.RestoreAsync(db, await invoices.Invoices(true).FirstOrDefaultAsync(x => x.Id == id, cancellationToken), false, id, l["Restored"], cancellationToken);

    private async Task<PrintedDocument> PrintedAsync(Invoice invoice, CancellationToken cancellationToken) => await PrintedAsync(invoice, null, cancellationToken);

    private async Task<PrintedDocument> PrintedAsync(Invoice invoice, string? language, CancellationToken cancellationToken)
    {
        var returnOf = invoice.ReturnOfId is { } of ? await db.Set<Invoice>().Where(x => x.Id == of).Select(x => x.Number).FirstOrDefaultAsync(cancellationToken) : null;
        return documents.Invoice(invoice, returnOf, language);
    }

    private IActionResult Done(Outcome outcome, Guid id, string messageKey) =>
        Back(outcome, messageKey, RedirectToAction(nameof(Details), new { id }));

    private IActionResult Back(Outcome outcome, string messageKey, IActionResult to)
    {
        TempData[outcome.Done ? "Message" : "Error"] = outcome.Done ? l[messageKey].Value : outcome.Error;
        return to;
    }
}
