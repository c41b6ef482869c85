namespace Crm.SharedKernel.Imports;

/// <summary>What to do with a row that matches an existing record.</summary>
public enum DuplicateMode
{
    Skip = 0,
    Update = 1,
    Create = 2,
}

public enum ImportOutcome
{
    Created = 0,
    Updated = 1,
    Skipped = 2,
    Failed = 3,
}

/// <summary>A field a file column can be mapped to. <paramref name="Aliases"/> are header texts that map to it automatically.</summary>
public sealed record ImportField(string Key, string LabelKey, bool Required, params string[] Aliases)
{
    /// <summary>
    /// The values a field with fixed values takes (a lead's source). The wizard lists the file's distinct values of such
    /// a column and lets the user map each to one of these; the target then receives the choice's <see cref="ImportChoice.Value"/>.
    /// </summary>
    public IReadOnlyList<ImportChoice> Choices { get; init; } = [];
}

/// <summary>One fixed value of a field: what the target parses, its label's resource key, and other texts that mean it.</summary>
public sealed record ImportChoice(string Value, string LabelKey, params string[] Aliases)
{
    /// <summary>Every value of an enum, labelled by <paramref name="labelPrefix"/> and the value's name (<c>Source_Website</c>).</summary>
    public static IReadOnlyList<ImportChoice> ForEnum<TEnum>(string labelPrefix)
        where TEnum : struct, Enum =>
        [.. Enum.GetValues<TEnum>().Select(v => new ImportChoice(v.ToString(), labelPrefix + v))];
}

/// <summary>One data row of a file: its row number as the user sees it in the spreadsheet, and its mapped values.</summary>
public sealed record ImportRow(int RowNumber, IReadOnlyDictionary<string, string?> Values)
{
    public string? this[string field] => Values.TryGetValue(field, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
}

public sealed record ImportRowResult(int RowNumber, ImportOutcome Outcome, string? Reason = null);

/// <summary>Who runs the import and how: the rows are imported on that user's behalf and under that user's visibility.</summary>
public sealed record ImportContext(Guid ImportId, Guid UserId, Guid? TeamId, bool SeesAllRecords, DuplicateMode Duplicates, string Culture)
{
    /// <summary>Whether the user who started the import may see (and so update) a record.</summary>
    public bool CanSee(Security.IOwnedRecord record) =>
        Security.RecordVisibility.CanSee(SeesAllRecords, UserId, TeamId, record.OwnerId, record.TeamId);
}

/// <summary>
/// A kind of record that can be imported from .xlsx/.csv (leads, contacts, …). Modules register their targets in DI;
/// the platform runs the upload, mapping, background job, progress and report for all of them.
/// </summary>
public interface IImportTarget
{
    /// <summary>Stable key used in URLs and stored imports, e.g. "leads".</summary>
    string Key { get; }

    /// <summary>The module's resource marker type for <see cref="TitleKey"/> and field labels.</summary>
    Type ResourceType { get; }

    string TitleKey { get; }

    /// <summary>Permission needed to import.</summary>
    string Permission { get; }

    /// <summary>Where to go to see the imported records (a URL path).</summary>
    string ListPath { get; }

    IReadOnlyList<ImportField> Fields { get; }

    /// <summary>Validates and stores one batch (about a thousand rows), returning one result per row, in a single save.</summary>
    Task<IReadOnlyList<ImportRowResult>> ImportBatchAsync(IReadOnlyList<ImportRow> rows, ImportContext context, CancellationToken cancellationToken);
}
