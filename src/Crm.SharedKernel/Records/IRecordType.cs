using Crm.SharedKernel.Security;

namespace Crm.SharedKernel.Records;

/// <summary>
/// Published by the module that owns a record type, so other modules can link to its records and respect who may see
/// them without knowing its tables. Records the current user may not see are simply left out of every answer.
/// </summary>
public interface IRecordType
{
    string Type { get; }

    /// <summary>The records among <paramref name="ids"/> the current user may see, by id.</summary>
    Task<IReadOnlyDictionary<Guid, RecordLink>> FindVisibleAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);

    /// <summary>Records the current user may see whose name, phone or email matches <paramref name="text"/>.</summary>
    Task<IReadOnlyList<RecordLink>> SearchAsync(string text, int take, CancellationToken cancellationToken);

    /// <summary>How the top bar's search lists this type; null leaves it out (records that are not looked up by name).</summary>
    GlobalSearchEntry? GlobalSearch => null;

    /// <summary>
    /// The record's fields of its <see cref="RecordSchema"/> as they are now, for automations; null when the record is not
    /// found (or deleted), or the type publishes no schema. Answers for the current user like the rest (background work sees all).
    /// </summary>
    Task<IReadOnlyDictionary<string, object?>?> ReadFieldsAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, object?>?>(null);

    /// <summary>
    /// Sets a settable field of the record from its text form, under the owning module's rules, in the caller's unit of
    /// work; returns null when done, otherwise why not (in English, for the automation's log).
    /// </summary>
    Task<string?> SetFieldAsync(Guid id, string field, string? value, CancellationToken cancellationToken) =>
        Task.FromResult<string?>("this record type has no settable fields");

    /// <summary>
    /// A page of the type's records in id order, with their fields, for automations that look at every record (a
    /// scheduled workflow); empty when the type publishes no schema.
    /// </summary>
    Task<IReadOnlyList<(Guid Id, IReadOnlyDictionary<string, object?> Values)>> PageFieldsAsync(int skip, int take, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<(Guid Id, IReadOnlyDictionary<string, object?> Values)>>([]);

    /// <summary>The values a <see cref="FieldKind.Lookup"/> field can take (a deal's stages), labelled in the reader's language.</summary>
    Task<IReadOnlyList<RecordChoice>> ChoicesAsync(string field, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RecordChoice>>([]);

    /// <summary>
    /// Gives the record to another owner (and the owner's team), in the caller's unit of work, as the owning module's own
    /// reassignment does; returns null when done, otherwise why not.
    /// </summary>
    Task<string?> AssignOwnerAsync(Guid id, Guid ownerId, Guid? teamId, CancellationToken cancellationToken) =>
        Task.FromResult<string?>("this record type has no owner");

    /// <summary>
    /// Opens a record of this type for <paramref name="source"/>, a record of one of the schema's
    /// <see cref="RecordSchema.OpensFor"/> types (a deal for a converted lead), in the caller's unit of work and under the
    /// owning module's rules, with the source's customer, owner and team. A source that may have only one such record
    /// (a lead's deal) gets back the one it has.
    /// </summary>
    Task<OpenedRecord> OpenForAsync(RecordRef source, string? name, CancellationToken cancellationToken) =>
        Task.FromResult(OpenedRecord.Refused("records of this type are not opened by automations"));
}

/// <summary>What <see cref="IRecordType.OpenForAsync"/> did: the record it opened, the one the source already had, or why it opened none (in English, for a log).</summary>
public sealed record OpenedRecord(RecordRef? Record, bool AlreadyThere, string? Refusal)
{
    public static OpenedRecord Opened(RecordRef record) => new(record, false, null);

    public static OpenedRecord Existing(RecordRef record) => new(record, true, null);

    public static OpenedRecord Refused(string why) => new(null, false, why);
}

/// <summary>
/// A record type in the top bar's search: the group's localized title, the permission its list asks (users without it
/// never see the group) and the list's address, which takes the same text as <c>?q=</c> for "show all".
/// </summary>
public sealed record GlobalSearchEntry(string Title, string Permission, string ListUrl);

/// <summary>One kind of record in the top bar's search: its matches, and where the whole list of them is.</summary>
public sealed record GlobalSearchGroup(string Type, string Title, string ListUrl, IReadOnlyList<RecordLink> Items);

/// <summary>Every published record type in one place.</summary>
public sealed class RecordDirectory(IEnumerable<IRecordType> types)
{
    private readonly List<IRecordType> _registered = [.. types];

    private readonly Dictionary<string, IRecordType> _types = types.ToDictionary(t => t.Type, StringComparer.Ordinal);

    public bool IsKnown(string type) => _types.ContainsKey(type);

    public IRecordType? Find(string type) => _types.GetValueOrDefault(type);

    public IEnumerable<IRecordType> Types => _types.Values;

    public async Task<RecordLink?> FindVisibleAsync(RecordRef record, CancellationToken cancellationToken) =>
        _types.TryGetValue(record.Type, out var type)
            ? (await type.FindVisibleAsync([record.Id], cancellationToken)).GetValueOrDefault(record.Id)
            : null;

    /// <summary>Records of the given types the current user may see that match <paramref name="text"/> (a record picker's suggestions).</summary>
    public async Task<IReadOnlyList<RecordLink>> SearchAsync(string text, int takeEach, IReadOnlyCollection<string> types, CancellationToken cancellationToken)
    {
        var found = new List<RecordLink>();
        foreach (var type in _types.Values.Where(t => types.Contains(t.Type)))
        {
            found.AddRange(await type.SearchAsync(text, takeEach, cancellationToken));
        }

        return found;
    }

    /// <summary>
    /// The top bar's search: each globally searched type the user's role may list, asked for its visible matches in the
    /// order the modules are registered; types with none are left out.
    /// </summary>
    public async Task<IReadOnlyList<GlobalSearchGroup>> GlobalSearchAsync(string text, int takeEach, ICurrentUser user, CancellationToken cancellationToken)
    {
        var groups = new List<GlobalSearchGroup>();
        foreach (var type in _registered)
        {
            if (type.GlobalSearch is not { } entry || !user.HasPermission(entry.Permission))
            {
                continue;
            }

            var items = await type.SearchAsync(text, takeEach, cancellationToken);
            if (items.Count > 0)
            {
                groups.Add(new GlobalSearchGroup(type.Type, entry.Title, $"{entry.ListUrl}?q={Uri.EscapeDataString(text)}", items));
            }
        }

        return groups;
    }

    public async Task<IReadOnlyDictionary<RecordRef, RecordLink>> FindVisibleAsync(IEnumerable<RecordRef> records, CancellationToken cancellationToken)
    {
        var found = new Dictionary<RecordRef, RecordLink>();
        foreach (var group in records.Distinct().GroupBy(r => r.Type))
        {
            if (!_types.TryGetValue(group.Key, out var type))
            {
                continue;
            }

            foreach (var (id, link) in await type.FindVisibleAsync(group.Select(r => r.Id).ToList(), cancellationToken))
            {
                found[new RecordRef(group.Key, id)] = link;
            }
        }

        return found;
    }
}
