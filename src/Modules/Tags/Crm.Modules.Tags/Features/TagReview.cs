using Crm.Modules.Tags.Contracts;
using Crm.Modules.Tags.Domain;
using Crm.SharedKernel.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Tags.Features;

/// <summary>What administrators do to public tags: approve, rename, recolour, group, merge.</summary>
public sealed class TagReview(DbContext db, IDisplayFormatter format, IStringLocalizer<TagsResources> l)
{
    /// <summary>Renames and regroups a tag; a name another tag already has (same key) is refused with a hint to merge instead.</summary>
    public async Task<string?> SaveAsync(Guid id, Guid version, string name, string color, Guid? groupId, CancellationToken cancellationToken)
    {
        var tag = await db.Set<Tag>().FirstOrDefaultAsync(t => t.Id == id && t.Kind == TagKind.Public, cancellationToken);
        if (tag is null)
        {
            return l["Error_NotFound"];
        }

        if (tag.Version != version)
        {
            return l["Error_Concurrency"];
        }

        if (!TagNames.IsValid(name))
        {
            return l["Error_Name", format.Number(TagNames.MaxWords), format.Number(TagNames.MaxLength)];
        }

        var key = TagNames.Key(name);
        if (await db.Set<Tag>().AnyAsync(t => t.Id != id && t.Key == key && t.Kind == TagKind.Public, cancellationToken))
        {
            return l["Error_NameTaken"];
        }

        if (groupId is { } g && !await db.Set<TagGroup>().AnyAsync(x => x.Id == g, cancellationToken))
        {
            return l["Error_NotFound"];
        }

        tag.Rename(name);
        tag.Color = Tag.Colors.Contains(color) ? color : "secondary";
        tag.GroupId = groupId;
        tag.Approved = true;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return l["Error_Concurrency"];
        }

        return null;
    }

    /// <summary>
    /// Moves every usage of <paramref name="sourceId"/> to <paramref name="targetId"/> (a record carrying both keeps one),
    /// then retires the source, which keeps pointing at the target.
    /// </summary>
    public async Task<string?> MergeAsync(Guid sourceId, Guid targetId, CancellationToken cancellationToken)
    {
        var tags = await db.Set<Tag>().Where(t => (t.Id == sourceId || t.Id == targetId) && t.Kind == TagKind.Public).ToListAsync(cancellationToken);
        var source = tags.FirstOrDefault(t => t.Id == sourceId);
        var target = tags.FirstOrDefault(t => t.Id == targetId);
        if (source is null || target is null || source.Id == target.Id)
        {
            return l["Error_MergeSame"];
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var links = db.Set<TagLink>();
        // Records that already carry the target would end up with it twice: their source usage just goes.
        await links.Where(s => s.TagId == sourceId && links.Any(t => t.TagId == targetId && t.RecordType == s.RecordType && t.RecordId == s.RecordId))
            .ExecuteDeleteAsync(cancellationToken);
        await links.Where(s => s.TagId == sourceId).ExecuteUpdateAsync(u => u.SetProperty(s => s.TagId, targetId), cancellationToken);
        source.MergedIntoId = target.Id;
        target.Approved = true;
        db.Remove(source);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }
}
