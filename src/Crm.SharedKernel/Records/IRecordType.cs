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
}

/// <summary>Every published record type in one place.</summary>
public sealed class RecordDirectory(IEnumerable<IRecordType> types)
{
    private readonly Dictionary<string, IRecordType> _types = types.ToDictionary(t => t.Type, StringComparer.Ordinal);

    public bool IsKnown(string type) => _types.ContainsKey(type);

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
