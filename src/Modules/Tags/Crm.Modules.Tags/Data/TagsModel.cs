using Crm.Modules.Tags.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Tags.Data;

public static class TagsModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Tag>(b =>
        {
            b.ToTable("Tags");
            b.Property(t => t.Name).HasMaxLength(40);
            b.Property(t => t.Key).HasMaxLength(40);
            b.Property(t => t.SystemKey).HasMaxLength(32);
            b.Property(t => t.Color).HasMaxLength(16);
            // Suggestions and the near-duplicate check look tags up by key.
            b.HasIndex(t => new { t.Key, t.Kind });
        });

        model.Entity<TagGroup>(b =>
        {
            b.ToTable("TagGroups");
            b.Property(g => g.Name).HasMaxLength(60);
            b.Property(g => g.SystemKey).HasMaxLength(32);
        });

        model.Entity<TagLink>(b =>
        {
            b.ToTable("TagLinks");
            b.Property(l => l.RecordType).HasMaxLength(32);
            b.HasIndex(l => new { l.TagId, l.RecordType, l.RecordId }).IsUnique();
            b.HasIndex(l => new { l.RecordType, l.RecordId });
            b.HasIndex(l => new { l.RecordType, l.CreatedAt });
            // A tag's page: the newest usages first.
            b.HasIndex(l => new { l.TagId, l.CreatedAt });
        });
    }
}
