using Crm.Modules.Activities.Contracts;
using Crm.Modules.Leads.Domain;
using Crm.SharedKernel.Localization;
using Crm.Modules.Leads.Contracts;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Leads.Features;

/// <summary>Leads as other modules see them: a name and a page, for the users allowed to see them.</summary>
public sealed class LeadRecordType(DbContext db, ICurrentUser user, IDisplayFormatter format, IStringLocalizer<LeadsResources> l, IServiceProvider services) : IRecordType
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

    public Task<IReadOnlyDictionary<string, object?>?> ReadFieldsAsync(Guid id, CancellationToken cancellationToken) =>
        LeadSchema.Instance.ReadAsync(db.Set<Lead>().VisibleTo(user), id, cancellationToken);

    public Task<IReadOnlyList<(Guid Id, IReadOnlyDictionary<string, object?> Values)>> PageFieldsAsync(int skip, int take, CancellationToken cancellationToken) =>
        LeadSchema.Instance.PageAsync(db.Set<Lead>().VisibleTo(user), skip, take, cancellationToken);

    /// <summary>Sets a field as a person's edit would: a status change is written on the lead's timeline too.</summary>
    public async Task<string?> SetFieldAsync(Guid id, string field, string? value, CancellationToken cancellationToken)
    {
        if (await db.Set<Lead>().VisibleTo(user).FirstOrDefaultAsync(x => x.Id == id, cancellationToken) is not { } lead)
        {
            return "the lead is not found";
        }

        var before = lead.Status;
        var refused = LeadSchema.Instance.Set(lead, field, value, _ => lead.Rating is < 0 or > 5 ? "a rating is 0 to 5" : null);
        if (refused is null && lead.Status != before)
        {
            string Text(string culture) => l.InCulture(culture, "Timeline_StatusChanged", l.InCulture(culture, "Status_" + before), l.InCulture(culture, "Status_" + lead.Status));
            // Resolved here: the record types are part of what the mediator's handlers are built from.
            await services.GetRequiredService<IMediator>().Send(new LogTimelineEvent(new RecordRef(Type, lead.Id), ActivityKind.StatusChange,
                new LocalText(Text(SupportedCultures.Persian), Text(SupportedCultures.English))), cancellationToken);
        }

        return refused;
    }

    public Task<string?> AssignOwnerAsync(Guid id, Guid ownerId, Guid? teamId, CancellationToken cancellationToken) =>
        RecordSchema.AssignAsync(db.Set<Lead>().VisibleTo(user), id, ownerId, teamId, cancellationToken);

    private RecordLink Link(Guid id, string name) =>
        new(new RecordRef(Type, id), l["RecordType_Lead"], name, $"/Leads/Leads/Details/{id}");
}
