using Crm.Modules.Sales.Domain;
using Crm.Modules.Sales.Contracts;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Sales.Features;

/// <summary>Opportunities as other modules see them (timeline, tags, comments, notifications): a name and a page, for those who may see them.</summary>
public sealed class OpportunityRecordType(DbContext db, ICurrentUser user, IStringLocalizer<SalesResources> l) : IRecordType
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

    private RecordLink Link(Guid id, string name) =>
        new(new RecordRef(Type, id), l["RecordType_Opportunity"], name, $"/Sales/Opportunities/Details/{id}");
}
