using Crm.Modules.Activities.Contracts;
using Crm.Modules.Activities.Domain;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Tags.Contracts;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Activities.Features;

/// <summary>What to show of a record's timeline: kinds, one tag, and the page.</summary>
public sealed record TimelineFilter(ActivityKind? Kind, Guid? TagId, int Page);

public sealed record TimelineEntry(Activity Activity, IReadOnlyList<TagChip> Tags, string? AuthorName, string? AssigneeName);

public sealed record TimelinePage(RecordRef Record, TimelineFilter Filter, IReadOnlyList<TimelineEntry> Entries, bool HasNext, IReadOnlyList<TagChip> TagChoices);

/// <summary>
/// A record's timeline, newest first, paged. A tag filter is part of the same statement: each of the record's entries is
/// checked with one look-up in the tag index, so a tag carried by a million records costs no more than a rare one.
/// </summary>
public sealed class Timeline(DbContext db, IMediator mediator, ITaggedRecords taggedRecords)
{
    public const int PageSize = 20;

    public async Task<TimelinePage> ReadAsync(RecordRef record, TimelineFilter filter, CancellationToken cancellationToken)
    {
        var page = Math.Max(1, filter.Page);
        var query = db.Set<Activity>().AsNoTracking().Where(a => a.RecordType == record.Type && a.RecordId == record.Id);
        if (filter.Kind is { } kind)
        {
            query = query.Where(a => a.Kind == kind);
        }

        if (filter.TagId is { } tagId)
        {
            var tagged = taggedRecords.Carrying(tagId, RecordTypes.Activity);
            query = query.Where(a => tagged.Any(id => id == a.Id));
        }

        var rows = await query.OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1).ToListAsync(cancellationToken);
        var shown = rows.Take(PageSize).ToList();
        var tags = await mediator.Send(new GetRecordTags(RecordTypes.Activity, [.. shown.Select(a => a.Id)]), cancellationToken);
        var userIds = shown.SelectMany(a => new[] { a.CreatedBy, a.AssigneeId }).OfType<Guid>().Distinct().ToList();
        var names = userIds.Count == 0 ? new Dictionary<Guid, string>() : await mediator.Send(new GetUserNames(userIds), cancellationToken);
        var choices = await mediator.Send(new ListVisibleTags(), cancellationToken);
        var entries = shown.Select(a => new TimelineEntry(a, tags.GetValueOrDefault(a.Id) ?? [],
            a.CreatedBy is { } by ? names.GetValueOrDefault(by) : null,
            a.AssigneeId is { } to ? names.GetValueOrDefault(to) : null)).ToList();
        return new TimelinePage(record, filter with { Page = page }, entries, rows.Count > PageSize, choices);
    }
}
