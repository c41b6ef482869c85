using Crm.Modules.Activities.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Activities.Features;

/// <summary>
/// Activities as other modules see them (a tag's page lists the calls carrying it): an activity is visible to whoever
/// can see the record it is on.
/// </summary>
public sealed class ActivityRecordType(DbContext db, IServiceProvider services, IDisplayFormatter format, IStringLocalizer<ActivitiesResources> l) : IRecordType
{
    public string Type => RecordTypes.Activity;

    public async Task<IReadOnlyDictionary<Guid, RecordLink>> FindVisibleAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var list = ids.ToList();
        var activities = await db.Set<Activity>().AsNoTracking().Where(a => list.Contains(a.Id)).ToListAsync(cancellationToken);
        // Resolved here, not injected: the directory is made of the record types, this one included.
        var parents = await services.GetRequiredService<RecordDirectory>().FindVisibleAsync(activities.Select(a => a.Record), cancellationToken);
        return activities.Where(a => parents.ContainsKey(a.Record)).ToDictionary(a => a.Id, a => Link(a, parents[a.Record]));
    }

    public Task<IReadOnlyList<RecordLink>> SearchAsync(string text, int take, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RecordLink>>([]);

    public async Task<IReadOnlyDictionary<string, object?>?> ReadFieldsAsync(Guid id, CancellationToken cancellationToken) =>
        (await FindVisibleAsync([id], cancellationToken)).ContainsKey(id)
            ? await ActivitySchema.Instance.ReadAsync(db.Set<Activity>(), id, cancellationToken)
            : null;

    public async Task<string?> SetFieldAsync(Guid id, string field, string? value, CancellationToken cancellationToken) =>
        (await FindVisibleAsync([id], cancellationToken)).ContainsKey(id)
            ? await ActivitySchema.Instance.SetAsync(db.Set<Activity>(), id, field, value, null, cancellationToken)
            : "the activity is not found";

    private RecordLink Link(Activity a, RecordLink parent) =>
        new(new RecordRef(Type, a.Id), l["Kind_" + a.Kind], $"{a.SubjectIn(format.IsPersian)} — {parent.Title} ({format.DateTime(a.OccurredAt)})", $"/Activities/Activities/Details/{a.Id}")
        {
            OwnerId = parent.OwnerId,
            TeamId = parent.TeamId,
        };
}
