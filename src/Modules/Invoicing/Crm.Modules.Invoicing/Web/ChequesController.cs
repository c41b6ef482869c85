using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Invoicing.Domain;
using Crm.Modules.Invoicing.Features;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Invoicing.Web;

/// <summary>Received cheques across the invoices the user may see; their status is changed from here or from the invoice.</summary>
[Area(InvoicingModule.ModuleName)]
[HasPermission(InvoicingPermissions.View)]
public sealed class ChequesController(DbContext db, InvoiceService invoices) : Controller
{
    /// <summary>Received cheques across invoices, by due date, with their status.</summary>
    [HttpGet]
    public async Task<IActionResult> Index(ChequeStatus? status, CancellationToken cancellationToken)
    {
        var visible = invoices.Invoices();
        var query = db.Set<Payment>().AsNoTracking().Where(p => p.Method == PaymentMethod.Cheque);
        if (status is { } s)
        {
            query = query.Where(p => p.ChequeStatus == s);
        }

        var rows = await (from p in query
                          join i in visible on p.InvoiceId equals i.Id
                          orderby p.ChequeDueDate
                          select new { Payment = p, i.Number, i.CustomerName }).Take(500).ToListAsync(cancellationToken);
        return View(rows.Select(r => new ChequeRow(r.Payment, r.Number, r.CustomerName)).ToList());
    }
}

public sealed record ChequeRow(Payment Payment, string? InvoiceNumber, string CustomerName);
