using Crm.Modules.Tickets.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Tickets.Data;

public static class TicketsModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Ticket>(b =>
        {
            b.ToTable("Tickets");
            b.Property(t => t.Number).HasMaxLength(20);
            b.Property(t => t.Subject).HasMaxLength(Ticket.SubjectMaxLength);
            b.Property(t => t.Description).HasMaxLength(Ticket.DescriptionMaxLength);
            b.Property(t => t.CustomerName).HasMaxLength(200);
            b.Property(t => t.Category).HasMaxLength(Ticket.CategoryMaxLength);
            b.Property(t => t.CancelReason).HasMaxLength(Ticket.ReasonMaxLength);
            b.Property(t => t.RatingComment).HasMaxLength(Ticket.RatingCommentMaxLength);
            b.Property(t => t.SlaSortKey).HasMaxLength(14);
            b.HasIndex(t => t.Number).IsUnique();
            b.HasIndex(t => new { t.TeamId, t.Status, t.Id });
            b.HasIndex(t => new { t.OwnerId, t.Status, t.Id });
            b.HasIndex(t => new { t.Status, t.Id });
            b.HasIndex(t => new { t.SlaSortKey, t.Id });
            b.HasIndex(t => t.ContactId);
            b.HasIndex(t => t.OrganizationId);
            b.HasIndex(t => new { t.Status, t.PostponedUntil });
            b.HasIndex(t => t.RegistrationId);
        });

        model.Entity<ProductRegistration>(b =>
        {
            b.ToTable("ProductRegistrations");
            b.Property(r => r.ProductName).HasMaxLength(200);
            b.Property(r => r.SerialNumber).HasMaxLength(ProductRegistration.SerialMaxLength);
            b.Property(r => r.CustomerName).HasMaxLength(200);
            b.Property(r => r.InvoiceNumber).HasMaxLength(40);
            b.Ignore(r => r.Customer);
            b.HasIndex(r => new { r.ProductId, r.SerialNumber });
            b.HasIndex(r => r.SerialNumber);
            b.HasIndex(r => r.ContactId);
            b.HasIndex(r => r.OrganizationId);
        });

        model.Entity<RepairOrder>(b =>
        {
            b.ToTable("RepairOrders");
            b.Property(r => r.Number).HasMaxLength(20);
            b.Property(r => r.CustomerName).HasMaxLength(200);
            b.Property(r => r.Item).HasMaxLength(RepairOrder.ItemMaxLength);
            b.Property(r => r.SerialNumber).HasMaxLength(ProductRegistration.SerialMaxLength);
            b.Property(r => r.Condition).HasMaxLength(RepairOrder.ShortTextMaxLength);
            b.Property(r => r.Accessories).HasMaxLength(RepairOrder.ShortTextMaxLength);
            b.Property(r => r.ReportedFaults).HasMaxLength(RepairOrder.TextMaxLength);
            b.Property(r => r.Diagnosis).HasMaxLength(RepairOrder.TextMaxLength);
            b.Property(r => r.Fault).HasMaxLength(RepairOrder.FaultMaxLength);
            b.Property(r => r.CollectedBy).HasMaxLength(200);
            b.Property(r => r.InvoiceNumber).HasMaxLength(40);
            b.Ignore(r => r.Customer);
            b.HasIndex(r => r.Number).IsUnique();
            b.HasIndex(r => r.TicketId);
            b.HasIndex(r => r.RegistrationId);
            b.HasIndex(r => new { r.Status, r.Id });
            b.HasMany(r => r.Operations).WithOne().HasForeignKey(o => o.RepairId);
            b.HasMany(r => r.Parts).WithOne().HasForeignKey(p => p.RepairId);
        });

        model.Entity<RepairOperation>(b =>
        {
            b.ToTable("RepairOperations");
            b.Property(o => o.Description).HasMaxLength(200);
        });

        model.Entity<RepairPart>(b =>
        {
            b.ToTable("RepairParts");
            b.Property(p => p.Name).HasMaxLength(200);
            b.Property(p => p.Unit).HasMaxLength(30);
            b.Property(p => p.Quantity).HasPrecision(18, 3);
            b.Property(p => p.VatRate).HasPrecision(5, 2);
        });

        model.Entity<TicketEntry>(b =>
        {
            b.ToTable("TicketEntries");
            b.Property(e => e.Body).HasMaxLength(TicketEntry.BodyMaxLength);
            b.HasIndex(e => new { e.TicketId, e.At });
        });

        model.Entity<TicketAttachment>(b =>
        {
            b.ToTable("TicketAttachments");
            b.Property(a => a.FileName).HasMaxLength(TicketAttachment.FileNameMaxLength);
            b.Property(a => a.ContentType).HasMaxLength(100);
            b.Ignore(a => a.StoredName);
            b.HasIndex(a => a.TicketId);
        });

        model.Entity<TicketMailbox>(b =>
        {
            b.ToTable("TicketMailboxes");
            b.Property(m => m.Name).HasMaxLength(TicketMailbox.NameMaxLength);
            b.Property(m => m.Address).HasMaxLength(254);
            b.Property(m => m.Host).HasMaxLength(TicketMailbox.HostMaxLength);
            b.Property(m => m.UserName).HasMaxLength(254);
            b.Property(m => m.ProtectedPassword).HasMaxLength(2000);
            b.Property(m => m.Folder).HasMaxLength(200);
            b.Property(m => m.LastError).HasMaxLength(500);
        });

        model.Entity<TicketMailImport>(b =>
        {
            b.ToTable("TicketMailImports");
            b.Property(i => i.MessageId).HasMaxLength(300);
            b.Property(i => i.Reason).HasMaxLength(300);
            b.HasIndex(i => new { i.MailboxId, i.UidValidity, i.Uid }).IsUnique();
            b.HasIndex(i => new { i.MailboxId, i.MessageId });
        });

        model.Entity<TeamQueue>(b =>
        {
            b.ToTable("TicketTeamQueues");
            b.HasKey(q => q.TeamId);
        });

        model.Entity<TicketSequence>(b =>
        {
            b.ToTable("TicketSequences");
            b.HasKey(s => s.Key);
            b.Property(s => s.Key).HasMaxLength(40);
        });

        model.Entity<SlaPolicy>(b =>
        {
            b.ToTable("SlaPolicies");
            b.Property(p => p.Name).HasMaxLength(SlaPolicy.NameMaxLength);
            b.Property(p => p.Category).HasMaxLength(Ticket.CategoryMaxLength);
            b.Property(p => p.CustomerClass).HasMaxLength(100);
        });

        model.Entity<TicketSlaTarget>(b =>
        {
            b.ToTable("TicketSlaTargets");
            b.HasIndex(t => t.TicketId);
            // The sweep's two ranges: running targets by the instant they warn, and by the one they fall due.
            b.HasIndex(t => new { t.MetAt, t.Stopped, t.WarnedAt, t.WarnAt });
            b.HasIndex(t => new { t.MetAt, t.Stopped, t.BreachedAt, t.DueAt });
        });
    }
}
