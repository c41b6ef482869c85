using Crm.Modules.Tags.Contracts;
using Crm.Modules.Tags.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Tags.Features;

/// <summary>Which tags a user sees, and how a tag reads in the current language: shared by the handlers and pages.</summary>
public sealed class TagCatalog(DbContext db, ICurrentUser user, IStringLocalizer<TagsResources> l)
{
    /// <summary>Public and system tags, and the user's own personal ones.</summary>
    public IQueryable<Tag> Visible()
    {
        var me = user.UserId;
        return db.Set<Tag>().Where(t => t.Kind != TagKind.Personal || t.OwnerId == me);
    }

    public string NameOf(Tag tag) => tag.Kind == TagKind.System && tag.SystemKey is { } key ? l["SystemTag_" + key] : tag.Name;

    public TagChip Chip(Tag tag) => new(tag.Id, NameOf(tag), tag.Color, tag.Kind);

    public async Task<Tag> SystemTagAsync(string systemKey, CancellationToken cancellationToken)
    {
        // Made earlier in the same unit of work (two timeline entries in one transaction) and not saved yet?
        var tag = db.Set<Tag>().Local.FirstOrDefault(t => t.Kind == TagKind.System && t.SystemKey == systemKey)
            ?? await db.Set<Tag>().FirstOrDefaultAsync(t => t.Kind == TagKind.System && t.SystemKey == systemKey, cancellationToken);
        if (tag is null)
        {
            tag = Tag.ForSystem(systemKey);
            db.Add(tag);
        }

        return tag;
    }
}

public sealed class TagRecordHandler(DbContext db, ICurrentUser user, IClock clock, TagCatalog catalog, IMediator mediator)
    : IRequestHandler<TagRecord, IReadOnlyList<TagChip>>
{
    public async ValueTask<IReadOnlyList<TagChip>> Handle(TagRecord request, CancellationToken cancellationToken)
    {
        var names = request.Names.Select(TagNames.Clean).Where(TagNames.IsValid).DistinctBy(TagNames.Key).ToList();
        var keys = names.Select(TagNames.Key).ToList();
        var existing = await catalog.Visible().Where(t => keys.Contains(t.Key) && t.Kind != TagKind.System).ToListAsync(cancellationToken);
        var linked = await db.Set<TagLink>().Where(x => x.RecordType == request.Record.Type && x.RecordId == request.Record.Id)
            .Select(x => x.TagId).ToListAsync(cancellationToken);
        foreach (var name in names)
        {
            var key = TagNames.Key(name);
            // A personal tag is asked for: only the user's own personal tag of that name will do. A public one: the public
            // tag of that name, else the user's personal one (picked from the suggestions), else a new public tag.
            var tag = request.Kind == TagKind.Personal
                ? existing.FirstOrDefault(t => t.Key == key && t.Kind == TagKind.Personal)
                : existing.Where(t => t.Key == key).OrderBy(t => t.Kind == TagKind.Public ? 0 : 1).FirstOrDefault();
            if (tag is null)
            {
                tag = new Tag
                {
                    Kind = request.Kind == TagKind.Personal ? TagKind.Personal : TagKind.Public,
                    OwnerId = request.Kind == TagKind.Personal ? user.UserId : null,
                    Approved = request.Kind == TagKind.Personal || user.HasPermission(TagsPermissions.Manage),
                };
                tag.Rename(name);
                db.Add(tag);
                existing.Add(tag);
            }

            if (!linked.Contains(tag.Id))
            {
                db.Add(new TagLink { TagId = tag.Id, RecordType = request.Record.Type, RecordId = request.Record.Id, CreatedAt = clock.UtcNow, CreatedBy = user.UserId });
                linked.Add(tag.Id);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        var tags = await mediator.Send(new GetRecordTags(request.Record.Type, [request.Record.Id]), cancellationToken);
        return tags.GetValueOrDefault(request.Record.Id) ?? [];
    }
}

public sealed class UntagRecordHandler(DbContext db, TagCatalog catalog) : IRequestHandler<UntagRecord, Unit>
{
    public async ValueTask<Unit> Handle(UntagRecord request, CancellationToken cancellationToken)
    {
        // Only a tag the user can see can be taken off; system tags stay, they record what happened.
        var visible = await catalog.Visible().AnyAsync(t => t.Id == request.TagId && t.Kind != TagKind.System, cancellationToken);
        if (visible)
        {
            await db.Set<TagLink>().Where(x => x.TagId == request.TagId && x.RecordType == request.Record.Type && x.RecordId == request.Record.Id)
                .ExecuteDeleteAsync(cancellationToken);
        }

        return Unit.Value;
    }
}

public sealed class AddSystemTagHandler(DbContext db, IClock clock, ICurrentUser user, TagCatalog catalog) : IRequestHandler<AddSystemTag, Unit>
{
    public async ValueTask<Unit> Handle(AddSystemTag request, CancellationToken cancellationToken)
    {
        var tag = await catalog.SystemTagAsync(request.SystemKey, cancellationToken);
        var present = await db.Set<TagLink>().AnyAsync(x => x.TagId == tag.Id && x.RecordType == request.Record.Type && x.RecordId == request.Record.Id, cancellationToken);
        if (!present)
        {
            db.Add(new TagLink { TagId = tag.Id, RecordType = request.Record.Type, RecordId = request.Record.Id, CreatedAt = clock.UtcNow, CreatedBy = user.UserId });
        }

        return Unit.Value;
    }
}

public sealed class GetRecordTagsHandler(DbContext db, TagCatalog catalog)
    : IRequestHandler<GetRecordTags, IReadOnlyDictionary<Guid, IReadOnlyList<TagChip>>>
{
    public async ValueTask<IReadOnlyDictionary<Guid, IReadOnlyList<TagChip>>> Handle(GetRecordTags request, CancellationToken cancellationToken)
    {
        if (request.RecordIds.Count == 0)
        {
            return new Dictionary<Guid, IReadOnlyList<TagChip>>();
        }

        var ids = request.RecordIds.Distinct().ToList();
        var rows = await (from link in db.Set<TagLink>()
                          join tag in catalog.Visible() on link.TagId equals tag.Id
                          where link.RecordType == request.RecordType && ids.Contains(link.RecordId)
                          select new { link.RecordId, Tag = tag })
            .AsNoTracking().ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.RecordId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<TagChip>)g.Select(r => catalog.Chip(r.Tag)).OrderBy(c => c.Kind).ThenBy(c => c.Name, StringComparer.CurrentCulture).ToList());
    }
}

public sealed class TaggedRecords(DbContext db, TagCatalog catalog) : ITaggedRecords
{
    public IQueryable<Guid> Carrying(Guid tagId, string recordType) =>
        from link in db.Set<TagLink>()
        join tag in catalog.Visible() on link.TagId equals tag.Id
        where tag.Id == tagId && link.TagId == tagId && link.RecordType == recordType
        select link.RecordId;
}

public sealed class ListVisibleTagsHandler(TagCatalog catalog) : IRequestHandler<ListVisibleTags, IReadOnlyList<TagChip>>
{
    public async ValueTask<IReadOnlyList<TagChip>> Handle(ListVisibleTags request, CancellationToken cancellationToken)
    {
        var tags = await catalog.Visible().AsNoTracking().ToListAsync(cancellationToken);
        return tags.Select(catalog.Chip).OrderBy(c => c.Kind).ThenBy(c => c.Name, StringComparer.CurrentCulture).ToList();
    }
}
