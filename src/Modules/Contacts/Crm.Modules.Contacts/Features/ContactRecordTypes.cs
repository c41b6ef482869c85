using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Contacts.Domain;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Contacts.Features;

/// <summary>Contacts as other modules see them: a name and a page, for the users allowed to see them.</summary>
public sealed class ContactRecordType(DbContext db, ICurrentUser user, IStringLocalizer<ContactsResources> l) : IRecordType
{
    public string Type => RecordTypes.Contact;

    public GlobalSearchEntry GlobalSearch => new(l["Menu_Contacts"], ContactsPermissions.View, "/Contacts/Contacts");

    public async Task<IReadOnlyDictionary<Guid, RecordLink>> FindVisibleAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var list = ids.ToList();
        var found = await ContactSearch.Contacts(db, user, false).AsNoTracking().Where(c => list.Contains(c.Id))
            .Select(c => new { c.Id, c.FullName, c.OwnerId, c.TeamId }).ToListAsync(cancellationToken);
        return found.ToDictionary(c => c.Id, c => Link(c.Id, c.FullName) with { OwnerId = c.OwnerId, TeamId = c.TeamId });
    }

    public async Task<IReadOnlyList<RecordLink>> SearchAsync(string text, int take, CancellationToken cancellationToken)
    {
        var query = ContactSearch.Apply(ContactSearch.Contacts(db, user, false), new ContactFilter { Q = text }, db, user);
        var found = await query.AsNoTracking().OrderBy(c => c.FullName).Take(take).Select(c => new { c.Id, c.FullName }).ToListAsync(cancellationToken);
        return [.. found.Select(c => Link(c.Id, c.FullName))];
    }

    public Task<IReadOnlyDictionary<string, object?>?> ReadFieldsAsync(Guid id, CancellationToken cancellationToken) =>
        ContactSchemas.Contact.ReadAsync(ContactSearch.Contacts(db, user, false), id, cancellationToken);

    public Task<IReadOnlyList<(Guid Id, IReadOnlyDictionary<string, object?> Values)>> PageFieldsAsync(int skip, int take, CancellationToken cancellationToken) =>
        ContactSchemas.Contact.PageAsync(ContactSearch.Contacts(db, user, false), skip, take, cancellationToken);

    public Task<string?> SetFieldAsync(Guid id, string field, string? value, CancellationToken cancellationToken) =>
        ContactSchemas.Contact.SetAsync(ContactSearch.Contacts(db, user, false), id, field, value, c => ContactSchemas.CheckRating(c.Rating), cancellationToken);

    public Task<string?> AssignOwnerAsync(Guid id, Guid ownerId, Guid? teamId, CancellationToken cancellationToken) =>
        RecordSchema.AssignAsync(ContactSearch.Contacts(db, user, false), id, ownerId, teamId, cancellationToken);

    private RecordLink Link(Guid id, string name) =>
        new(new RecordRef(Type, id), l["RecordType_Contact"], name, $"/Contacts/Contacts/Details/{id}");
}

public sealed class OrganizationRecordType(DbContext db, ICurrentUser user, IStringLocalizer<ContactsResources> l) : IRecordType
{
    public string Type => RecordTypes.Organization;

    public GlobalSearchEntry GlobalSearch => new(l["Menu_Organizations"], ContactsPermissions.View, "/Contacts/Organizations");

    public async Task<IReadOnlyDictionary<Guid, RecordLink>> FindVisibleAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var list = ids.ToList();
        var found = await ContactSearch.Organizations(db, user, false).AsNoTracking().Where(o => list.Contains(o.Id))
            .Select(o => new { o.Id, o.Name, o.OwnerId, o.TeamId }).ToListAsync(cancellationToken);
        return found.ToDictionary(o => o.Id, o => Link(o.Id, o.Name) with { OwnerId = o.OwnerId, TeamId = o.TeamId });
    }

    public async Task<IReadOnlyList<RecordLink>> SearchAsync(string text, int take, CancellationToken cancellationToken)
    {
        var query = ContactSearch.Apply(ContactSearch.Organizations(db, user, false), new ContactFilter { Q = text }, db, user);
        var found = await query.AsNoTracking().OrderBy(o => o.Name).Take(take).Select(o => new { o.Id, o.Name }).ToListAsync(cancellationToken);
        return [.. found.Select(o => Link(o.Id, o.Name))];
    }

    public Task<IReadOnlyDictionary<string, object?>?> ReadFieldsAsync(Guid id, CancellationToken cancellationToken) =>
        ContactSchemas.Organization.ReadAsync(ContactSearch.Organizations(db, user, false), id, cancellationToken);

    public Task<IReadOnlyList<(Guid Id, IReadOnlyDictionary<string, object?> Values)>> PageFieldsAsync(int skip, int take, CancellationToken cancellationToken) =>
        ContactSchemas.Organization.PageAsync(ContactSearch.Organizations(db, user, false), skip, take, cancellationToken);

    public Task<string?> SetFieldAsync(Guid id, string field, string? value, CancellationToken cancellationToken) =>
        ContactSchemas.Organization.SetAsync(ContactSearch.Organizations(db, user, false), id, field, value, c => ContactSchemas.CheckRating(c.Rating), cancellationToken);

    public Task<string?> AssignOwnerAsync(Guid id, Guid ownerId, Guid? teamId, CancellationToken cancellationToken) =>
        RecordSchema.AssignAsync(ContactSearch.Organizations(db, user, false), id, ownerId, teamId, cancellationToken);

    private RecordLink Link(Guid id, string name) =>
        new(new RecordRef(Type, id), l["RecordType_Organization"], name, $"/Contacts/Organizations/Details/{id}");
}
