using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Invoicing.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Invoicing.Features;

/// <summary>
/// Service invoices other modules bill their work with (after-sales repairs): written and issued in the caller's
/// transaction, so the work and its invoice commit together or not at all.
/// </summary>
public sealed class ServiceInvoiceHandler(DbContext db, ICurrentUser user, InvoiceService invoices, SettingsStore settings, IDisplayFormatter format, IStringLocalizer<InvoicingResources> l)
    : IRequestHandler<IssueServiceInvoice, ServiceInvoiceResult>
{
    public async ValueTask<ServiceInvoiceResult> Handle(IssueServiceInvoice request, CancellationToken cancellationToken)
    {
        if (request.Lines.Count is 0 or > DocumentForms.MaxLines)
        {
            return new(null, null, 0, l["Error_NoLines"]);
        }

        if (request.Lines.Any(x => x.Quantity <= 0 || x.Quantity > MoneyText.MaxQuantity || x.UnitPrice is < 0 or > MoneyText.MaxRials
            || x.Quantity * x.UnitPrice > MoneyText.MaxRials || x.VatRate is < 0 or > 100))
        {
            return new(null, null, 0, l["Error_LineTooLarge"]);
        }

        var s = await settings.GetAsync(cancellationToken);
        var today = format.Today();
        var invoice = new Invoice
        {
            Type = InvoiceType.Service, IssueDate = today, DueDate = today.AddDays(s.PaymentDays), OwnerId = user.UserId ?? request.OwnerId,
            TeamId = user.UserId is null ? request.TeamId : user.TeamId, Language = format.IsPersian ? "fa" : "en",
            Terms = s.DefaultInvoiceTerms, Notes = TextLimits.Shorten(request.Note, 1000),
        };
        invoice.SetCustomer(request.Customer, TextLimits.Shorten(request.CustomerName, 200));
        var position = 0;
        foreach (var line in request.Lines)
        {
            invoice.Lines.Add(new InvoiceLine
            {
                InvoiceId = invoice.Id, Position = position++, ProductId = line.ProductId, Description = TextLimits.Shorten(line.Description, 300),
                Unit = TextLimits.Shorten(line.Unit, 30), Quantity = line.Quantity, UnitPrice = line.UnitPrice, VatRate = line.VatRate,
            });
        }

        invoice.Recompute();
        if (invoice.Total > MoneyText.MaxRials)
        {
            return new(null, null, 0, l["Error_LineTooLarge"]);
        }

        db.Add(invoice);
        await db.SaveChangesAsync(cancellationToken);
        var issued = await invoices.IssueAsync(invoice.Id, cancellationToken);
        return issued.Done ? new(invoice.Id, invoice.Number, invoice.Total, null) : new(null, null, 0, issued.Error);
    }
}
