using Crm.Modules.Messaging.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Messaging.Data;

public static class MessagingModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<OutboxMessage>(b =>
        {
            b.ToTable("OutboxMessages");
            b.Property(m => m.To).HasMaxLength(254);
            b.Property(m => m.ToKey).HasMaxLength(254);
            b.Property(m => m.RecipientType).HasMaxLength(32);
            b.Property(m => m.TemplateKey).HasMaxLength(100);
            b.Property(m => m.Culture).HasMaxLength(8);
            b.Property(m => m.Subject).HasMaxLength(400);
            b.Property(m => m.ProviderName).HasMaxLength(32);
            b.Property(m => m.ProviderMessageId).HasMaxLength(100);
            b.Property(m => m.Error).HasMaxLength(1000);
            b.HasMany(m => m.Attachments).WithOne().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
            // The senders' question: what is due, oldest first.
            b.HasIndex(m => new { m.Status, m.NextAttemptAt });
            // The urgent lane's question, asked every second: a handful of rows at most.
            b.HasIndex(m => new { m.Urgent, m.Status, m.NextAttemptAt });
            // Transactional messages are claimed before marketing ones (OutboxSender), each lane in its own order.
            b.HasIndex(m => new { m.Category, m.Status, m.NextAttemptAt });
            b.HasIndex(m => m.ClaimToken);
            b.HasIndex(m => new { m.RecipientType, m.RecipientId });
            b.HasIndex(m => m.CreatedAt);
        });

        model.Entity<OutboxAttachment>(b =>
        {
            b.ToTable("OutboxAttachments");
            b.Property(a => a.FileName).HasMaxLength(200);
            b.Property(a => a.ContentType).HasMaxLength(100);
        });

        model.Entity<OptOut>(b =>
        {
            b.ToTable("MessageOptOuts");
            b.Property(o => o.AddressKey).HasMaxLength(254);
            b.Property(o => o.Source).HasMaxLength(32);
            b.HasIndex(o => new { o.Channel, o.AddressKey }).IsUnique();
        });

        model.Entity<SmsReply>(b =>
        {
            b.ToTable("SmsReplies");
            b.Property(r => r.GatewayId).HasMaxLength(64);
            b.Property(r => r.From).HasMaxLength(32);
            b.Property(r => r.FromKey).HasMaxLength(20);
            b.Property(r => r.Text).HasMaxLength(SmsReply.TextMaxLength);
            b.HasIndex(r => r.GatewayId).IsUnique();
            // The job's question: replies not yet acted on.
            b.HasIndex(r => r.ProcessedAt);
        });

        model.Entity<MessageTemplate>(b =>
        {
            b.ToTable("MessageTemplates");
            b.Property(t => t.Key).HasMaxLength(100);
            b.Property(t => t.Culture).HasMaxLength(8);
            b.Property(t => t.Name).HasMaxLength(200);
            b.Property(t => t.Subject).HasMaxLength(400);
            // Not unique: a deleted template keeps its key; saving checks that no live one has it.
            b.HasIndex(t => new { t.Key, t.Channel, t.Culture });
        });
    }
}
