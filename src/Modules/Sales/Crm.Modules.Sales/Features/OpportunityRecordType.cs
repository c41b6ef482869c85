using Crm.Modules.Sales.Domain;
using Crm.Modules.Sales.Contracts;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Sales.Features;

/// <summary>Opportunities as other modules see them (timeline, tags, comments, notifications): a name and a page, for those who may see them.</summary>
public sealed class OpportunityRecordType(DbContext db, ICurrentUser user, IMediator mediator, IStringLocalizer<SalesResources> l) : IRecordType
{
    public string Type => RecordTypes.Opportunity;

    public GlobalSearchEntry GlobalSearch => new(l["Menu_Opportunities"], SalesPermissions.View, "/Sales/Opportunities");

    public async Task<IReadOnlyDictionary<Guid, RecordLink>> FindVisibleAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var list = ids.ToList();
        var found = await db.Set<Opportunity>().VisibleTo(user).AsNoTracking().Where(o => list.Contains(o.Id))
            .Select(o => new { o.Id, o.Name, o.OwnerId, o.TeamId }).ToListAsync(cancellationToken);
        return found.ToDictionary(o => o.Id, o => Link(o.Id, o.Name) with { OwnerId = o.OwnerId, TeamId = o.TeamId });
    }

    public async Task<IReadOnlyList<RecordLink>> SearchAsync(string text, int take, CancellationToken cancellationToken)
    {
        var clean = PersianText.Clean(text);
        var found = await db.Set<Opportunity>().VisibleTo(user).AsNoTracking().Where(o => o.Name.Contains(clean))
            .OrderByDescending(o => o.Id).Take(take).Select(o => new { o.Id, o.Name }).ToListAsync(cancellationToken);
        return [.. found.Select(o => Link(o.Id, o.Name))];
    }

    public Task<IReadOnlyDictionary<string, object?>?> ReadFieldsAsync(Guid id, CancellationToken cancellationToken) =>
        OpportunitySchema.Instance.ReadAsync(db.Set<Opportunity>().VisibleTo(user), id, cancellationToken);

    public Task<IReadOnlyList<(Guid Id, IReadOnlyDictionary<string, object?> Values)>> PageFieldsAsync(int skip, int take, CancellationToken cancellationToken) =>
        OpportunitySchema.Instance.PageAsync(db.Set<Opportunity>().VisibleTo(user), skip, take, cancellationToken);

    public Task<string?> SetFieldAsync(Guid id, string field, string? value, CancellationToken cancellationToken) =>
        OpportunitySchema.Instance.SetAsync(db.Set<Opportunity>().VisibleTo(user), id, field, value,
            o => o.Probability is < 0 or > 100 ? "a probability is 0 to 100" : null, cancellationToken);

    public Task<string?> AssignOwnerAsync(Guid id, Guid ownerId, Guid? teamId, CancellationToken cancellationToken) =>
        RecordSchema.AssignAsync(db.Set<Opportunity>().VisibleTo(user), id, ownerId, teamId, cancellationToken);

    public async Task<OpenedRecord> OpenForAsync(RecordRef source, string? name, CancellationToken cancellationToken) =>
        await mediator.Send(new OpenDealFor(source, name), cancellationToken);

    /// <summary>Stages as "process: stage" (every process's, so a workflow can name any), and processes by name.</summary>
    public async Task<IReadOnlyList<RecordChoice>> ChoicesAsync(string field, CancellationToken cancellationToken)
    {
        var processes = await db.Set<SalesProcess>().AsNoTracking().Include(p => p.Stages).OrderBy(p => p.Name).ToListAsync(cancellationToken);
        return field switch
        {
            nameof(Opportunity.ProcessId) => [.. processes.Select(p => new RecordChoice(p.Id.ToString(), p.DisplayName))],
            nameof(Opportunity.StageId) => [.. processes.SelectMany(p => p.BoardStages.Select(s => new RecordChoice(s.Id.ToString(), $"{p.DisplayName}: {s.DisplayName}")))],
            _ => [],
        };
    }

    private RecordLink Link(Guid id, string name) =>
        new(new RecordRef(Type, id), l["RecordType_Opportunity"], name, $"/Sales/Opportunities/Details/{id}");
}
