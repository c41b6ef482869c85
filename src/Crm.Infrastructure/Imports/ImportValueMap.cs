using System.Text.Json;
using Crm.SharedKernel.Imports;
using Crm.SharedKernel.Text;

namespace Crm.Infrastructure.Imports;

/// <summary>
/// What the user mapped each value of a fixed-value column to: field → the value's normalised key → the chosen
/// <see cref="ImportChoice.Value"/>, or "" for a value left unmapped (its rows then fail with the target's own error).
/// </summary>
public sealed class ImportValueMap
{
    /// <summary>Distinct values listed (and kept) per column: more means the column is not a set of fixed values.</summary>
    public const int MaxValuesPerField = 50;

    /// <summary>A value longer than this is no fixed value; its rows go to the target as they are.</summary>
    public const int MaxValueLength = 100;

    private readonly Dictionary<string, Dictionary<string, string>> _fields;

    private ImportValueMap(Dictionary<string, Dictionary<string, string>> fields) => _fields = fields;

    public static ImportValueMap Empty() => new([]);

    public static ImportValueMap Parse(string? json)
    {
        try
        {
            return new(JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(json ?? "{}") ?? []);
        }
        catch (JsonException)
        {
            return Empty();
        }
    }

    public string ToJson() => JsonSerializer.Serialize(_fields);

    public static string Key(string value) => PersianText.Key(value);

    /// <summary>The choice mapped to a file value: its value, "" when the user left it unmapped, null when never mapped.</summary>
    public string? Find(string field, string value) =>
        _fields.TryGetValue(field, out var values) && values.TryGetValue(Key(value), out var choice) ? choice : null;

    public void Set(string field, string value, string choice)
    {
        if (!_fields.TryGetValue(field, out var values))
        {
            _fields[field] = values = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        if (values.Count < MaxValuesPerField || values.ContainsKey(Key(value)))
        {
            values[Key(value)] = choice;
        }
    }

    /// <summary>Replaces each mapped value of a row by its choice; values never mapped, or left unmapped, stay as typed.</summary>
    public void Apply(Dictionary<string, string?> values)
    {
        foreach (var (field, map) in _fields)
        {
            if (values.TryGetValue(field, out var value) && value is not null && map.TryGetValue(Key(value), out var choice) && choice.Length > 0)
            {
                values[field] = choice;
            }
        }
    }

    /// <summary>
    /// The choice a file value means without asking: its key equals a choice's value, its label in any language, or an
    /// alias (normalised: case, spaces, Arabic letters and digits do not matter).
    /// </summary>
    public static string? AutoMatch(string value, ImportField field, Func<string, IEnumerable<string>> labelsOf)
    {
        var key = Key(value);
        return field.Choices.FirstOrDefault(c => Key(c.Value) == key || labelsOf(c.LabelKey).Any(l => Key(l) == key) || c.Aliases.Any(a => Key(a) == key))?.Value;
    }
}
