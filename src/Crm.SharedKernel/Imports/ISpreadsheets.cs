namespace Crm.SharedKernel.Imports;

/// <summary>A sheet read row by row: the header row, then data rows with their row numbers (1-based, as in the spreadsheet).</summary>
public interface ISheetReader : IDisposable
{
    IReadOnlyList<string> Headers { get; }

    /// <summary>Rows after the header, streamed; fully empty rows are skipped.</summary>
    IEnumerable<(int RowNumber, string?[] Cells)> Rows();

    /// <summary>The number of data rows when the file states it cheaply (xlsx dimension, csv line count), else null.</summary>
    int? EstimatedRowCount { get; }
}

/// <summary>Reads .xlsx and .csv files and writes .xlsx, streaming so that 100,000-row sheets fit in little memory.</summary>
public interface ISpreadsheets
{
    /// <summary>Opens a file by its extension (.xlsx or .csv). Throws <see cref="InvalidDataException"/> for anything else.</summary>
    ISheetReader Open(string path);

    /// <summary>Writes one sheet with a bold header row; values may be strings, numbers, dates or null.</summary>
    Task WriteXlsxAsync(Stream output, string sheetName, IReadOnlyList<string> headers, IAsyncEnumerable<object?[]> rows, bool rightToLeft, CancellationToken cancellationToken);

    /// <summary>Writes a workbook of several sheets, in order.</summary>
    Task WriteXlsxAsync(Stream output, IReadOnlyList<SheetContent> sheets, bool rightToLeft, CancellationToken cancellationToken);
}

/// <summary>One sheet of a workbook: its name, the bold header row, and the rows after it.</summary>
public sealed record SheetContent(string Name, IReadOnlyList<string> Headers, IAsyncEnumerable<object?[]> Rows);

public static class SpreadsheetRows
{
    /// <summary>Turns streamed records into sheet rows, one at a time, for <see cref="ISpreadsheets.WriteXlsxAsync"/>.</summary>
    public static async IAsyncEnumerable<object?[]> ToSheetRows<T>(this IAsyncEnumerable<T> records, Func<T, object?[]> map)
    {
        await foreach (var record in records)
        {
            yield return map(record);
        }
    }
}
