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
            b.Property(t => t.SlaSortKey).HasMaxLength(14);
            b.HasIndex(t => t.Number).IsUnique();
            b.HasIndex(t => new { t.TeamId, t.Status, t.Id });
            b.HasIndex(t => new { t.OwnerId, t.Status, t.Id });
            b.HasIndex(t => new { t.Status, t.Id });
            b.HasIndex(t => new { t.SlaSortKey, t.Id });
            b.HasIndex(t => t.ContactId);
            b.HasIndex(t => t.OrganizationId);
            b.HasIndex(t => new { t.Status, t.PostponedUntil });
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
