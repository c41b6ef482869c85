using System.Globalization;
using System.Text.Json;

namespace Crm.Modules.Workflow.Domain;

/// <summary>
/// What a run's log line or error says, stored as a resource key with its arguments so each reader sees it in their own
/// language: an instant as <c>@d:</c>, a record field as <c>@f:</c> and a record type as <c>@t:</c> are shown as a date and labels when read.
/// Anything else stored (an exception's message) is shown as it is.
/// </summary>
public static class LogText
{
    private const int ArgumentLength = 120;

    public static string Of(string key, params object?[] arguments)
    {
        var args = arguments.Select(a => a switch
        {
            DateTime t => "@d:" + t.ToString("O", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            null => "",
            _ => Shorten(a.ToString() ?? ""),
        }).ToArray();
        var json = JsonSerializer.Serialize(new Stored(key, args));
        return json.Length <= WorkflowStepLog.DetailMaxLength ? json : JsonSerializer.Serialize(new Stored(key, [.. args.Select(a => Shorten(a, 40))]));
    }

    public static string Field(string name) => "@f:" + name;

    /// <summary>A record type, shown by its label.</summary>
    public static string Type(string recordType) => "@t:" + recordType;

    /// <summary>The key and arguments of a stored text, or null when it is plain text.</summary>
    public static (string Key, string[] Arguments)? Read(string? stored)
    {
        if (stored is null || !stored.StartsWith("{\"Key\"", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Stored>(stored) is { } s ? (s.Key, s.Arguments) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text, int length = ArgumentLength) => text.Length <= length ? text : text[..length] + "…";

    private sealed record Stored(string Key, string[] Arguments);
}
