using Crm.Modules.Tags.Contracts;
using Crm.Modules.Tags.Domain;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Tags.Features;

/// <summary>Tag groups other modules rely on, such as the loss reasons of the pipeline.</summary>
public sealed class TagGroupHandlers(DbContext db, TagCatalog catalog) :
    IRequestHandler<EnsureTagGroup, Unit>,
    IRequestHandler<ListGroupTags, IReadOnlyList<TagChip>>
{
    public async ValueTask<Unit> Handle(EnsureTagGroup request, CancellationToken cancellationToken)
    {
        if (await db.Set<TagGroup>().IgnoreQueryFilters().AnyAsync(g => g.SystemKey == request.Key, cancellationToken))
        {
            return Unit.Value;
        }

        var group = new TagGroup { Name = request.Name, SystemKey = request.Key };
        db.Add(group);
        var keys = request.Tags.Select(TagNames.Key).ToList();
        var existing = await db.Set<Tag>().Where(t => t.Kind == TagKind.Public && keys.Contains(t.Key)).ToListAsync(cancellationToken);
        foreach (var name in request.Tags.Where(TagNames.IsValid))
        {
            var tag = existing.FirstOrDefault(t => t.Key == TagNames.Key(name));
            if (tag is null)
            {
                tag = new Tag { Kind = TagKind.Public, Approved = true, Color = "danger" };
                tag.Rename(name);
                db.Add(tag);
            }

            tag.GroupId = group.Id;
        }

        return Unit.Value;
    }

    public async ValueTask<IReadOnlyList<TagChip>> Handle(ListGroupTags request, CancellationToken cancellationToken)
    {
        var tags = await catalog.Visible().Where(t => t.Kind == TagKind.Public && t.Approved
                && db.Set<TagGroup>().Any(g => g.Id == t.GroupId && g.SystemKey == request.GroupKey))
            .OrderBy(t => t.Name).ToListAsync(cancellationToken);
        return [.. tags.Select(catalog.Chip)];
    }
}
