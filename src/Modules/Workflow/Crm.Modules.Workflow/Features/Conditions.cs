using System.Globalization;
using System.Text.RegularExpressions;
using Crm.Modules.Tags.Contracts;
using Crm.Modules.Workflow.Domain;

namespace Crm.Modules.Workflow.Features;

/// <summary>
/// Conditions on a record's field values, compared as text the way an administrator typed them: enums by name, numbers
/// and dates in invariant form (dates as yyyy-MM-dd), ids as Guids, all without regard to case.
/// </summary>
public static partial class Conditions
{
    public static bool Holds(ConditionGroup group, IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, string?> before)
    {
        var results = group.Rules.Select(r => Holds(r, values, before)).Concat(group.Groups.Where(g => !g.IsEmpty).Select(g => Holds(g, values, before)));
        return group.Any ? group.IsEmpty || results.Any(r => r) : results.All(r => r);
    }

    public static bool Holds(ConditionRule rule, IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, string?> before)
    {
        var value = Text(values.GetValueOrDefault(rule.Field));
        var expected = rule.Value?.Trim() ?? "";
        var changed = before.TryGetValue(rule.Field, out var old);
        return rule.Operator switch
        {
            ConditionOperator.Equals => Same(value, expected),
            ConditionOperator.NotEquals => !Same(value, expected),
            ConditionOperator.Contains => value is not null && expected.Length > 0 && value.Contains(expected, StringComparison.OrdinalIgnoreCase),
            ConditionOperator.Empty => string.IsNullOrEmpty(value),
            ConditionOperator.NotEmpty => !string.IsNullOrEmpty(value),
            ConditionOperator.Greater => Compare(value, expected) > 0,
            ConditionOperator.Less => Compare(value, expected) is { } c && c < 0,
            ConditionOperator.In => expected.Split(',').Any(v => Same(value, v.Trim())),
            ConditionOperator.Was => Same(changed ? old : value, expected),
            ConditionOperator.ChangedFrom => changed && Same(old, expected),
            ConditionOperator.Changed => changed,
            ConditionOperator.HasTag => values.GetValueOrDefault(TagsField) is IReadOnlySet<string> tags && tags.Contains(TagNames.Key(expected)),
            _ => false,
        };
    }

    /// <summary>Where a record's tags (their keys) sit among its values, when a condition asks for them.</summary>
    public const string TagsField = "@Tags";

    /// <summary>A field value in the form conditions compare and texts show.</summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Fills <c>{Field}</c> placeholders with the record's values; unknown ones stay as written.</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, object?> values, Func<string, string>? encode = null) =>
        Placeholder().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var v) ? (encode ?? (s => s))(Text(v) ?? "") : m.Value);

    /// <summary>The placeholders a text names.</summary>
    public static IEnumerable<string> PlaceholdersIn(string? text) =>
        text is null ? [] : Placeholder().Matches(text).Select(m => m.Groups[1].Value);

    private static bool Same(string? value, string? expected) =>
        string.Equals(value ?? "", expected ?? "", StringComparison.OrdinalIgnoreCase);

    /// <summary>Numbers as numbers, dates as dates; null when either side is not one.</summary>
    private static int? Compare(string? value, string expected)
    {
        if (value is null)
        {
            return null;
        }

        var invariant = CultureInfo.InvariantCulture;
        if (decimal.TryParse(value, NumberStyles.Number, invariant, out var a) && decimal.TryParse(expected, NumberStyles.Number, invariant, out var b))
        {
            return a.CompareTo(b);
        }

        return DateTime.TryParse(value, invariant, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var x)
            && DateTime.TryParse(expected, invariant, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var y)
                ? x.CompareTo(y)
                : null;
    }

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9]{0,40})\}")]
    private static partial Regex Placeholder();
}
