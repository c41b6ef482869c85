using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Modules.Forms.Domain;

public enum FieldType
{
    ShortText = 0,
    LongText = 1,
    Number = 2,
    Amount = 3,
    Date = 4,
    DateTime = 5,
    YesNo = 6,
    SingleChoice = 7,
    MultipleChoice = 8,
    Dropdown = 9,
    Mobile = 10,
    Email = 11,
    NationalId = 12,
    PostalCode = 13,
    File = 14,
    Heading = 15,
    HelpText = 16,

    /// <summary>A web address (http or https), such as an image's.</summary>
    Url = 17,

    /// <summary>A newsletter issue's news items, each with a title, text, image and link (stored as JSON, see <see cref="NewsItems"/>).</summary>
    NewsItems = 18,
}

/// <summary>What a text field gives the contact a submission creates (its mobile and email come from the first fields of those types).</summary>
public enum ContactPart
{
    None = 0,
    FullName = 1,
    FirstName = 2,
    LastName = 3,
    City = 4,
    JobTitle = 5,
}

/// <summary>A choice of a choice field: a short stable value (what is stored and compared) and its labels.</summary>
public sealed class FieldOption
{
    public string Value { get; set; } = "";

    public string LabelFa { get; set; } = "";

    public string LabelEn { get; set; } = "";

    public string Label(bool persian) => persian || LabelEn.Length == 0 ? LabelFa : LabelEn;
}

/// <summary>Show a field only when an earlier field has a value (for a multiple choice: includes it).</summary>
public sealed class FieldCondition
{
    public string Field { get; set; } = "";

    public string Value { get; set; } = "";
}

/// <summary>
/// One field of a form version. Its <see cref="Key"/> stays the same across versions, so a submission's value is found
/// by it after the label changed. Who fills it: the visitor (on the public form and the portal), or staff
/// (<see cref="StaffFills"/>; a "status" staff fill in, which the customer reads on the portal when <see cref="OnPortal"/>).
/// </summary>
public sealed class FormField
{
    public const int MaxFields = 100;
    public const int LabelMaxLength = 200;
    public const int HelpMaxLength = 500;
    public const int MaxOptions = 100;
    public const int PatternMaxLength = 200;

    public string Key { get; set; } = "";

    public FieldType Type { get; set; }

    public string LabelFa { get; set; } = "";

    public string LabelEn { get; set; } = "";

    public string? HelpFa { get; set; }

    public string? HelpEn { get; set; }

    public bool Required { get; set; }

    public string? Default { get; set; }

    public int? MinLength { get; set; }

    public int? MaxLength { get; set; }

    public decimal? Min { get; set; }

    public decimal? Max { get; set; }

    /// <summary>A regular expression the whole text must match (text, mobile and code fields).</summary>
    public string? Pattern { get; set; }

    public List<FieldOption> Options { get; set; } = [];

    /// <summary>Filled in by staff on the submission's page; never on the public form.</summary>
    public bool StaffFills { get; set; }

    /// <summary>Shown to the customer on the portal.</summary>
    public bool OnPortal { get; set; } = true;

    /// <summary>The field whose value is the submission's status (one per form), which workflows can follow.</summary>
    public bool IsStatus { get; set; }

    public FieldCondition? ShowWhen { get; set; }

    /// <summary>The part of a new contact this (short text) field fills.</summary>
    public ContactPart ContactPart { get; set; }

    /// <summary>For a file: the extensions allowed (".pdf,.jpg"), within what the platform accepts at all.</summary>
    public string? FileTypes { get; set; }

    /// <summary>For a file: the largest size in kilobytes, at most <see cref="FormUploads.MaxFileKilobytes"/>.</summary>
    public int? MaxKilobytes { get; set; }

    [JsonIgnore]
    public bool HoldsValue => Type is not (FieldType.Heading or FieldType.HelpText);

    [JsonIgnore]
    public bool HasOptions => Type is FieldType.SingleChoice or FieldType.MultipleChoice or FieldType.Dropdown;

    [JsonIgnore]
    public bool OnPublicForm => !StaffFills;

    public string Label(bool persian) => persian || LabelEn.Length == 0 ? LabelFa : LabelEn;

    public string? Help(bool persian) => persian || string.IsNullOrEmpty(HelpEn) ? HelpFa : HelpEn;

    public string OptionLabel(string value, bool persian) => Options.FirstOrDefault(o => o.Value == value)?.Label(persian) ?? value;
}

/// <summary>Reading and writing a version's fields.</summary>
public static class FormFields
{
    public const int MaxJsonLength = 200_000;

    private static readonly JsonSerializerOptions ValuesJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static List<FormField> Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || json.Length > MaxJsonLength)
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<FormField>>(json, Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The fields as the designer sent them, or null when the text is not a list of fields.</summary>
    public static List<FormField>? TryRead(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || json.Length > MaxJsonLength)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<List<FormField>>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Write(IEnumerable<FormField> fields) => JsonSerializer.Serialize(fields, Json);

    public static Dictionary<string, string> ReadValues(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public static string WriteValues(IReadOnlyDictionary<string, string> values) => JsonSerializer.Serialize(values, ValuesJson);

    /// <summary>Whether a field shows, given the values of the fields before it (a field hidden by its condition is neither asked nor kept).</summary>
    public static bool Shows(FormField field, IReadOnlyDictionary<string, string> values) =>
        field.ShowWhen is not { Field.Length: > 0 } when
        || (values.TryGetValue(when.Field, out var value) && value.Split(',').Contains(when.Value, StringComparer.Ordinal));
}

/// <summary>One news item of a newsletter issue.</summary>
public sealed class NewsItem
{
    public const int TitleMaxLength = 200;
    public const int TextMaxLength = 4000;

    public string Title { get; set; } = "";

    public string? Text { get; set; }

    public string? Image { get; set; }

    public string? Link { get; set; }
}

/// <summary>The value of a <see cref="FieldType.NewsItems"/> field: its items as a JSON list.</summary>
public static class NewsItems
{
    public const int MaxItems = 20;

    /// <summary>The parts of one item as the form's inputs name them: <c>{field}.title</c>, <c>{field}.text</c>, …</summary>
    public static readonly string[] Parts = ["title", "text", "image", "link"];

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static List<NewsItem> Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || json.Length > FormSubmissionsLimits.MaxValuesLength)
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<NewsItem?>>(json, Json)?.OfType<NewsItem>().ToList() ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public static string Write(IEnumerable<NewsItem> items) => JsonSerializer.Serialize(items, Json);

    /// <summary>The rows a form page posted (one value per row for each part), as the field's JSON; at most one row past the limit is kept, so the check can refuse it.</summary>
    public static string FromRows(Func<string, IReadOnlyList<string?>> part)
    {
        var columns = Parts.Select(p => part(p)).ToArray();
        var rows = Math.Min(columns.Max(c => c.Count), MaxItems + 1);
        string? At(int column, int row) => row < columns[column].Count ? columns[column][row] : null;
        var items = Enumerable.Range(0, rows)
            .Select(r => new NewsItem { Title = At(0, r) ?? "", Text = At(1, r), Image = At(2, r), Link = At(3, r) })
            .Where(i => !string.IsNullOrWhiteSpace(i.Title) || !string.IsNullOrWhiteSpace(i.Text) || !string.IsNullOrWhiteSpace(i.Image) || !string.IsNullOrWhiteSpace(i.Link))
            .ToList();
        return items.Count == 0 ? "" : Write(items);
    }
}

/// <summary>The bound of a submission's values as a whole (shared by the domain's readers and the submit command).</summary>
public static class FormSubmissionsLimits
{
    public const int MaxValuesLength = 100_000;
}
