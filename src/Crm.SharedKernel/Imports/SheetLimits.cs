namespace Crm.SharedKernel.Imports;

/// <summary>
/// What an uploaded sheet may be: a few kilobytes can otherwise claim gigabytes (a cell at column AAAAA, or a zip
/// whose parts expand a thousand times), so every reader checks these before it holds anything in memory.
/// </summary>
public sealed class SheetLimits
{
    public const string Section = "Imports";

    public int MaxColumns { get; set; } = 200;

    public int MaxRows { get; set; } = 1_000_000;

    /// <summary>Characters in one cell.</summary>
    public int MaxCellLength { get; set; } = 32_000;

    /// <summary>What all parts of an .xlsx may expand to, together.</summary>
    public long MaxExpandedBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>How many times larger than stored one part may grow (real sheets stay well under 30).</summary>
    public int MaxCompressionRatio { get; set; } = 200;
}

public enum SheetProblem
{
    Unreadable,
    TooManyColumns,
    TooManyRows,
    CellTooLong,
    ExpandsTooMuch,
}

/// <summary>A sheet refused for what it is, with the limit it broke, so the wizard can say so in the user's language.</summary>
public sealed class SheetRefusedException(SheetProblem problem, long limit, Exception? inner = null)
    : IOException($"The sheet was refused: {problem} (limit {limit}).", inner)
{
    public SheetProblem Problem { get; } = problem;

    public long Limit { get; } = limit;
}
