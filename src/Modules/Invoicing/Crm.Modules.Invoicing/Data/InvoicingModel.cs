using Crm.Modules.Invoicing.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Modules.Invoicing.Data;

public static class InvoicingModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Quote>(b =>
        {
            b.ToTable("Quotes");
            Document(b);
            b.Property(q => q.Number).HasMaxLength(40);
            b.Property(q => q.ApprovalComment).HasMaxLength(1000);
            b.Property(q => q.DecidedByName).HasMaxLength(Quote.DecidedByNameMaxLength);
            b.Property(q => q.DecidedFrom).HasMaxLength(45);
            b.Ignore(q => q.DisplayNumber);
            b.Ignore(q => q.LargestDiscount);
            b.Ignore(q => q.IsEditable);
            b.HasMany(q => q.Lines).WithOne().HasForeignKey(l => l.QuoteId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(q => new { q.Number, q.Revision }).IsUnique();
            b.HasIndex(q => q.FamilyId);
            b.HasIndex(q => new { q.Status, q.ValidUntil });
            b.HasIndex(q => new { q.OwnerId, q.Status });
            b.HasIndex(q => new { q.TeamId, q.Status });
            b.HasIndex(q => q.OrganizationId);
            b.HasIndex(q => q.ContactId);
            b.HasIndex(q => q.OpportunityId);
        });
        model.Entity<QuoteLine>(b =>
        {
            b.ToTable("QuoteLines");
            Line(b);
        });

        model.Entity<Invoice>(b =>
        {
            b.ToTable("Invoices");
            Document(b);
            b.Property(i => i.Number).HasMaxLength(40);
            b.Property(i => i.CancelReason).HasMaxLength(500);
            b.Ignore(i => i.IsIssued);
            b.Ignore(i => i.IsEditable);
            b.Ignore(i => i.Balance);
            b.Ignore(i => i.CurrentDueDate);
            b.Ignore(i => i.AmountDueNow);
            b.HasMany(i => i.Lines).WithOne().HasForeignKey(l => l.InvoiceId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(i => i.Installments).WithOne().HasForeignKey(l => l.InvoiceId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(i => i.Number).IsUnique();
            b.HasIndex(i => new { i.OwnerId, i.IssueDate });
            b.HasIndex(i => new { i.TeamId, i.IssueDate });
            b.HasIndex(i => new { i.OrganizationId, i.IssueDate });
            b.HasIndex(i => new { i.ContactId, i.IssueDate });
            b.HasIndex(i => i.QuoteId);
            b.HasIndex(i => i.ReturnOfId);
            // The reminder job's scan: issued, not cancelled, not paid, by due date.
            b.HasIndex(i => new { i.PaidAt, i.CancelledAt, i.DueDate });
        });
        model.Entity<InvoiceLine>(b =>
        {
            b.ToTable("InvoiceLines");
            Line(b);
            b.HasIndex(l => l.ProductId);
        });
        model.Entity<Installment>(b => b.ToTable("InvoiceInstallments"));

        model.Entity<Payment>(b =>
        {
            b.ToTable("Payments");
            b.Property(p => p.Reference).HasMaxLength(100);
            b.Property(p => p.Note).HasMaxLength(500);
            b.Property(p => p.Bank).HasMaxLength(100);
            b.Property(p => p.ChequeNumber).HasMaxLength(40);
            b.Property(p => p.SayadId).HasMaxLength(16);
            b.Ignore(p => p.IsCheque);
            b.Ignore(p => p.Counts);
            b.HasIndex(p => p.InvoiceId);
            b.HasIndex(p => new { p.Method, p.ChequeStatus, p.ChequeDueDate });
        });

        model.Entity<InvoicingSettings>(b =>
        {
            b.ToTable("InvoicingSettings");
            foreach (var name in new[] { nameof(InvoicingSettings.CompanyName), nameof(InvoicingSettings.CompanyEnglishName), nameof(InvoicingSettings.Address) })
            {
                b.Property(name).HasMaxLength(300);
            }

            foreach (var name in new[] { nameof(InvoicingSettings.EconomicCode), nameof(InvoicingSettings.NationalId), nameof(InvoicingSettings.RegistrationNumber),
                         nameof(InvoicingSettings.PostalCode), nameof(InvoicingSettings.Phone), nameof(InvoicingSettings.LogoType), nameof(InvoicingSettings.SealType) })
            {
                b.Property(name).HasMaxLength(40);
            }

            b.Property(s => s.Email).HasMaxLength(200);
            b.Property(s => s.FooterText).HasMaxLength(1000);
            b.Property(s => s.DefaultTerms).HasMaxLength(4000);
            b.Property(s => s.DefaultInvoiceTerms).HasMaxLength(4000);
            foreach (var name in new[] { nameof(InvoicingSettings.QuotePattern), nameof(InvoicingSettings.InvoicePattern), nameof(InvoicingSettings.ReturnPattern), nameof(InvoicingSettings.ServicePattern) })
            {
                b.Property(name).HasMaxLength(40);
            }

            b.Property(s => s.DefaultVatRate).HasPrecision(5, 2);
            b.Property(s => s.ApprovalThreshold).HasPrecision(5, 2);
        });

        model.Entity<DocumentSequence>(b =>
        {
            b.ToTable("DocumentSequences");
            b.HasKey(s => s.Key);
            b.Property(s => s.Key).HasMaxLength(60);
        });

        model.Entity<ReminderPolicy>(b =>
        {
            b.ToTable("ReminderPolicies");
            b.Property(p => p.Name).HasMaxLength(100);
        });
        model.Entity<CustomerReminderPolicy>(b =>
        {
            b.ToTable("CustomerReminderPolicies");
            b.Property(p => p.CustomerType).HasMaxLength(40);
            b.HasIndex(p => new { p.CustomerType, p.CustomerId }).IsUnique();
        });
        model.Entity<SentReminder>(b =>
        {
            b.ToTable("SentReminders");
            b.HasIndex(r => new { r.SubjectId, r.DueDate, r.Kind, r.Sequence, r.Channel }).IsUnique();
        });
    }

    private static void Document<T>(EntityTypeBuilder<T> b)
        where T : BillingDocument
    {
        b.Property(d => d.CustomerName).HasMaxLength(200);
        b.Property(d => d.Language).HasMaxLength(2);
        b.Property(d => d.Terms).HasMaxLength(4000);
        b.Property(d => d.Notes).HasMaxLength(2000);
        b.Ignore(d => d.Customer);
    }

    private static void Line<T>(EntityTypeBuilder<T> b)
        where T : DocumentLine
    {
        b.Property(l => l.Code).HasMaxLength(40);
        b.Property(l => l.Description).HasMaxLength(300);
        b.Property(l => l.Unit).HasMaxLength(30);
        b.Property(l => l.Quantity).HasPrecision(18, 3);
        b.Property(l => l.DiscountPercent).HasPrecision(5, 2);
        b.Property(l => l.VatRate).HasPrecision(5, 2);
        b.Ignore(l => l.DiscountShare);
    }
}
