using Crm.Modules.Identity.Contracts;
using Crm.Modules.Invoicing.Domain;
using Crm.Modules.Sales.Contracts;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Invoicing.Features;

/// <summary>The demo company on its documents, and a few quotes and invoices for its customers: one paid, one paid in part by cheque, one overdue.</summary>
public sealed class InvoicingDemoSeeder(DbContext db, IMediator mediator, IClock clock, SettingsStore settings, RecordDirectory records, IDisplayFormatter format) : IDemoDataSeeder
{
    public int Order => 40;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var s = await settings.GetAsync(cancellationToken);
        if (s.CompanyName.Length == 0)
        {
            (s.CompanyName, s.CompanyEnglishName, s.EconomicCode, s.NationalId) = ("فناوران پرداخت آریا", "Arya Payment Technologies", "411234567891", "10320845671");
            (s.Address, s.PostalCode, s.Phone) = ("تهران، خیابان ولیعصر، پلاک ۱۲۰", "1415913311", "02188776655");
            (s.FooterText, s.DefaultTerms, s.DefaultInvoiceTerms) = ("از اعتماد شما سپاسگزاریم.", "اعتبار پیش‌فاکتور دو هفته است. تحویل پس از پرداخت ۵۰٪ مبلغ.", "تحویل پس از پرداخت ۵۰٪ مبلغ.");
            await db.SaveChangesAsync(cancellationToken);
        }

        if (await db.Set<Invoice>().IgnoreQueryFilters().AnyAsync(cancellationToken))
        {
            return;
        }

        var products = await mediator.Send(new FindCatalogProducts(null, null, 10), cancellationToken);
        // The customers the sales demo made: a chain store, a food maker and a hotel.
        var customers = new List<RecordLink>();
        foreach (var name in new[] { "فروشگاه", "صنایع", "هتل" })
        {
            customers.AddRange((await records.SearchAsync(name, 1, [RecordTypes.Organization], cancellationToken)).Take(1));
        }

        var rep = (await mediator.Send(new ListUsers(), cancellationToken)).FirstOrDefault(u => u.TeamId is not null);
        if (products.Count < 2 || customers.Count < 3 || rep is null)
        {
            return;
        }

        var today = format.Today();
        var year = JalaliDate.ToJalali(today).Year;
        var invoices = new List<Invoice>();
        for (var i = 0; i < 3; i++)
        {
            var customer = customers[i];
            var quote = new Quote { OwnerId = rep.Id, TeamId = rep.TeamId, QuoteDate = today.AddDays(-60 + (i * 10)), Status = QuoteStatus.Accepted, Terms = s.DefaultTerms };
            quote.FamilyId = quote.Id;
            quote.ValidUntil = quote.QuoteDate.AddDays(s.QuoteValidDays);
            quote.SetCustomer(customer.Record, customer.Title);
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                quote.Number = DocumentNumbers.Format(s.QuotePattern, year, await DocumentNumbers.NextAsync(db, $"Quote-{year}", cancellationToken));
                foreach (var (product, position) in products.Skip(i % 2).Take(2).Select((p, n) => (p, n)))
                {
                    quote.Lines.Add(new QuoteLine
                    {
                        QuoteId = quote.Id, Position = position, ProductId = product.Id, Code = product.Code, Description = product.Name, Unit = product.Unit,
                        Quantity = position + 1 + i, UnitPrice = product.Price, VatRate = product.VatRate, DiscountPercent = i == 1 ? 5 : null,
                    });
                }

                quote.Recompute();
                db.Add(quote);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            var invoice = new Invoice { QuoteId = quote.Id, IssueDate = quote.QuoteDate.AddDays(3), DueDate = quote.QuoteDate.AddDays(33) };
            invoice.CopyHeaderFrom(quote);
            foreach (var line in quote.Lines)
            {
                var copy = new InvoiceLine { InvoiceId = invoice.Id };
                copy.CopyFrom(line);
                invoice.Lines.Add(copy);
            }

            invoice.Recompute();
            quote.InvoiceId = invoice.Id;
            db.Add(invoice);
            await db.SaveChangesAsync(cancellationToken);
            await mediator.Send(new IssueInvoice(invoice.Id), cancellationToken);
            invoices.Add(invoice);
        }

        // The first paid by transfer, the second half by a cheque not yet due, the third left overdue.
        db.ChangeTracker.Clear();
        var stored = await db.Set<Invoice>().Where(x => invoices.Select(i => i.Id).Contains(x.Id)).OrderBy(x => x.IssueDate).ToListAsync(cancellationToken);
        var payments = new[]
        {
            new Payment { InvoiceId = stored[0].Id, Method = PaymentMethod.Transfer, Amount = stored[0].Total, PaidOn = stored[0].IssueDate.AddDays(12), Reference = "TRX-48213" },
            new Payment
            {
                InvoiceId = stored[1].Id, Method = PaymentMethod.Cheque, Amount = stored[1].Total / 2, PaidOn = stored[1].IssueDate.AddDays(5), Bank = "بانک ملت",
                ChequeNumber = "774512", SayadId = "2345678901234567", ChequeDueDate = today.AddDays(1), ChequeStatus = ChequeStatus.Received, ChequeStatusChangedAt = clock.UtcNow,
            },
        };
        db.AddRange(payments);
        foreach (var invoice in stored.Take(2))
        {
            invoice.ApplyPayments(payments.Where(p => p.InvoiceId == invoice.Id), clock.UtcNow);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
