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

    public async Task<IReadOnlyDictionary<string, object?>?> ReadFieldsAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Set<Lead>().VisibleTo(user).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken) is { } lead
            ? LeadSchema.Instance.ValuesOf(lead)
            : null;

    public async Task<string?> SetFieldAsync(Guid id, string field, string? value, CancellationToken cancellationToken)
    {
        if (await db.Set<Lead>().VisibleTo(user).FirstOrDefaultAsync(x => x.Id == id, cancellationToken) is not { } lead)
        {
            return "the lead is not found";
        }

        var before = lead.Rating;
        if (!LeadSchema.Instance.TrySet(lead, field, value))
        {
            return $"the field {field} cannot be set to that value";
        }

        if (lead.Rating is < 0 or > 5)
        {
            lead.Rating = before;
            return "a rating is 0 to 5";
        }

        return null;
    }

    private RecordLink Link(Guid id, string name) =>
        new(new RecordRef(Type, id), l["RecordType_Lead"], name, $"/Leads/Leads/Details/{id}");
}
