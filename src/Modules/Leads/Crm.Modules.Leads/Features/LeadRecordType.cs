using Crm.Modules.Leads.Domain;
using Crm.SharedKernel.Localization;
using Crm.Modules.Leads.Contracts;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Leads.Features;

/// <summary>Leads as other modules see them: a name and a page, for the users allowed to see them.</summary>
public sealed class LeadRecordType(DbContext db, ICurrentUser user, IDisplayFormatter format, IStringLocalizer<LeadsResources> l) : IRecordType
{
    public string Type => RecordTypes.Lead;

    public GlobalSearchEntry GlobalSearch => new(l["Menu_Leads"], LeadsPermissions.View, "/Leads/Leads");

    public async Task<IReadOnlyDictionary<Guid, RecordLink>> FindVisibleAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var list = ids.ToList();
        var found = await db.Set<Lead>().VisibleTo(user).AsNoTracking().Where(x => list.Contains(x.Id))
            .Select(x => new { x.Id, x.FullName, x.OwnerId, x.TeamId }).ToListAsync(cancellationToken);
        return found.ToDictionary(x => x.Id, x => Link(x.Id, x.FullName) with { OwnerId = x.OwnerId, TeamId = x.TeamId });
    }

    public async Task<IReadOnlyList<RecordLink>> SearchAsync(string text, int take, CancellationToken cancellationToken)
    {
        var query = LeadSearch.Apply(db, db.Set<Lead>().VisibleTo(user), new LeadListFilter { Q = text }, user, format.Today());
        var found = await query.AsNoTracking().OrderBy(x => x.FullName).Take(take).Select(x => new { x.Id, x.FullName }).ToListAsync(cancellationToken);
        return [.. found.Select(x => Link(x.Id, x.FullName))];
    }

    private RecordLink Link(Guid id, string name) =>
        new(new RecordRef(Type, id), l["RecordType_Lead"], name, $"/Leads/Leads/Details/{id}");
}
