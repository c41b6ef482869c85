using System.Globalization;
using Crm.SharedKernel.Imports;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Crm.Infrastructure.Spreadsheets;

/// <summary>
/// Reads the first sheet of an .xlsx file with the SAX-style <see cref="OpenXmlReader"/>: one row in memory at a time
/// (plus the shared-string table), so a 100,000-row sheet reads in a few megabytes. Date-formatted numbers come out as
/// ISO dates (yyyy-MM-dd); other numbers as invariant text.
/// </summary>
internal sealed class XlsxSheetReader : ISheetReader
{
    private readonly SpreadsheetDocument _document;
    private readonly WorksheetPart _sheet;
    private readonly List<string> _sharedStrings = [];
    private readonly HashSet<uint> _dateStyles = [];
    private readonly SheetLimits _limits;

    public XlsxSheetReader(string path, SheetLimits limits)
    {
        _limits = limits;
        CheckExpansion(path, limits);
        try
        {
            _document = SpreadsheetDocument.Open(path, false);
            var workbook = _document.WorkbookPart ?? throw new InvalidDataException("The workbook has no sheets.");
            var first = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("The workbook has no sheets.");
            _sheet = (WorksheetPart)workbook.GetPartById(first.Id!.Value!);
            LoadSharedStrings(workbook.SharedStringTablePart);
            LoadDateStyles(workbook.WorkbookStylesPart);
            using var rows = ReadRows().GetEnumerator();
            Headers = rows.MoveNext() ? rows.Current.Cells.Select(c => c?.Trim() ?? "").ToList() : [];
            EstimatedRowCount = ReadDimensionRows() is { } count ? Math.Max(0, count - 1) : null;
        }
        catch (Exception ex) when (IsBrokenFile(ex))
        {
            _document?.Dispose();
            throw new SheetRefusedException(SheetProblem.Unreadable, 0, ex);
        }
    }

    /// <summary>Errors of a damaged or hostile package (truncated zip, a DTD, bad XML), as opposed to the app's own faults.</summary>
    public static bool IsBrokenFile(Exception ex) =>
        ex is OpenXmlPackageException or FileFormatException or System.Xml.XmlException or InvalidDataException or KeyNotFoundException or ArgumentException
        || (ex is IOException and not SheetRefusedException) || (ex is InvalidOperationException && ex.Source?.StartsWith("DocumentFormat", StringComparison.Ordinal) == true);

    /// <summary>
    /// Reads every part once, counting what it expands to (the sizes a zip declares can lie), and stops at the first
    /// part or total over the limits: a zip bomb costs a bounded second, never minutes and gigabytes.
    /// </summary>
    private static void CheckExpansion(string path, SheetLimits limits)
    {
        try
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(path);
            long total = 0;
            var buffer = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                long expanded = 0;
                using var stream = entry.Open();
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    expanded += read;
                    total += read;
                    var ratioBroken = expanded > 1024 * 1024 && expanded > (long)limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength);
                    if (total > limits.MaxExpandedBytes || ratioBroken)
                    {
                        throw new SheetRefusedException(SheetProblem.ExpandsTooMuch, limits.MaxExpandedBytes);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException || (ex is IOException and not SheetRefusedException))
        {
            throw new SheetRefusedException(SheetProblem.Unreadable, 0, ex);
        }
    }

    public IReadOnlyList<string> Headers { get; }

    public int? EstimatedRowCount { get; }

    public IEnumerable<(int RowNumber, string?[] Cells)> Rows()
    {
        var count = 0;
        foreach (var row in ReadRows().Skip(1))
        {
            if (++count > _limits.MaxRows)
            {
                throw new SheetRefusedException(SheetProblem.TooManyRows, _limits.MaxRows);
            }

            yield return row;
        }
    }

    public void Dispose() => _document.Dispose();

    private IEnumerable<(int RowNumber, string?[] Cells)> ReadRows()
    {
        using var reader = OpenXmlReader.Create(_sheet);
        var rowNumber = 0;
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }

            var row = (Row)reader.LoadCurrentElement()!;
            rowNumber = row.RowIndex?.Value is { } index ? (int)index : rowNumber + 1;
            var cells = new List<string?>();
            var nextColumn = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : nextColumn;
                if (column >= _limits.MaxColumns || column < 0)
                {
                    // Checked before the row is padded out to the column: a lone cell at AAAAA1 would be 475,255 cells.
                    throw new SheetRefusedException(SheetProblem.TooManyColumns, _limits.MaxColumns);
                }

                while (cells.Count < column)
                {
                    cells.Add(null);
                }

                var value = ValueOf(cell);
                if (value?.Length > _limits.MaxCellLength)
                {
                    throw new SheetRefusedException(SheetProblem.CellTooLong, _limits.MaxCellLength);
                }

                cells.Add(value);
                nextColumn = column + 1;
            }

            if (cells.Any(c => !string.IsNullOrWhiteSpace(c)))
            {
                yield return (rowNumber, cells.ToArray());
            }
        }
    }

    private string? ValueOf(Cell cell)
    {
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText;
        }

        var raw = cell.CellValue?.Text;
        if (raw is null)
        {
            return null;
        }

        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < _sharedStrings.Count ? _sharedStrings[i] : null;
        }

        if (type == CellValues.Boolean)
        {
            return raw == "1" ? "true" : "false";
        }

        if ((type is null || type == CellValues.Number) && cell.StyleIndex?.Value is { } style && _dateStyles.Contains(style)
            && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 0 and < 2958466)
        {
            return DateTime.FromOADate(serial).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return raw;
    }

    private void LoadSharedStrings(SharedStringTablePart? part)
    {
        if (part is null)
        {
            return;
        }

        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                _sharedStrings.Add(((SharedStringItem)reader.LoadCurrentElement()!).InnerText);
            }
        }
    }

    private void LoadDateStyles(WorkbookStylesPart? part)
    {
        var stylesheet = part?.Stylesheet;
        if (stylesheet?.CellFormats is null)
        {
            return;
        }

        var customDateFormats = stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.FormatCode?.Value is { } code && IsDateFormat(code))
            .Select(f => f.NumberFormatId!.Value).ToHashSet() ?? [];
        uint index = 0;
        foreach (var format in stylesheet.CellFormats.Elements<CellFormat>())
        {
            var id = format.NumberFormatId?.Value ?? 0;
            if (id is (>= 14 and <= 22) or (>= 45 and <= 47) || customDateFormats.Contains(id))
            {
                _dateStyles.Add(index);
            }

            index++;
        }
    }

    private static bool IsDateFormat(string code)
    {
        var text = code.ToLowerInvariant();
        var inQuotes = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes && c is 'y' or 'd')
            {
                return true;
            }
        }

        return false;
    }

    private int? ReadDimensionRows()
    {
        using var reader = OpenXmlReader.Create(_sheet);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SheetDimension))
            {
                var reference = ((SheetDimension)reader.LoadCurrentElement()!).Reference?.Value;
                var last = reference?.Split(':').LastOrDefault();
                var digits = last is null ? "" : new string(last.Where(char.IsAsciiDigit).ToArray());
                return int.TryParse(digits, CultureInfo.InvariantCulture, out var rows) ? rows : null;
            }

            if (reader.ElementType == typeof(SheetData))
            {
                return null;
            }
        }

        return null;
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }

            index = (index * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
            if (index > 1_000_000)
            {
                return int.MaxValue;
            }
        }

        return index - 1;
    }
}
