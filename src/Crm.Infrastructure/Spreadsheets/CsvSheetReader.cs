using System.Text;
using Crm.SharedKernel.Imports;

namespace Crm.Infrastructure.Spreadsheets;

/// <summary>
/// Reads a UTF-8 .csv file (RFC 4180 quoting; comma, semicolon or tab separated, detected from the header line),
/// streamed record by record. Row numbers count physical lines as a spreadsheet program shows them (header = 1).
/// </summary>
internal sealed class CsvSheetReader : ISheetReader
{
    private static readonly char[] Separators = [',', ';', '\t'];

    private readonly string _path;
    private readonly char _separator;
    private readonly SheetLimits _limits;

    public CsvSheetReader(string path, SheetLimits limits)
    {
        _path = path;
        _limits = limits;
        using (var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            var headerLine = reader.ReadLine() ?? "";
            _separator = Separators.OrderByDescending(c => headerLine.Count(x => x == c)).First();
        }

        using var first = Records().GetEnumerator();
        Headers = first.MoveNext() ? first.Current.Cells.Select(h => h?.Trim() ?? "").ToList() : [];
        var lines = 0;
        using var counter = new StreamReader(path, Encoding.UTF8);
        while (counter.ReadLine() is not null)
        {
            lines++;
        }

        EstimatedRowCount = Math.Max(0, lines - 1);
    }

    public IReadOnlyList<string> Headers { get; }

    public int? EstimatedRowCount { get; }

    public IEnumerable<(int RowNumber, string?[] Cells)> Rows()
    {
        var count = 0;
        foreach (var row in Records().Skip(1).Where(r => r.Cells.Any(c => !string.IsNullOrWhiteSpace(c))))
        {
            if (++count > _limits.MaxRows)
            {
                throw new SheetRefusedException(SheetProblem.TooManyRows, _limits.MaxRows);
            }

            yield return row;
        }
    }

    public void Dispose()
    {
    }

    private IEnumerable<(int RowNumber, string?[] Cells)> Records()
    {
        using var reader = new StreamReader(_path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var line = 0;
        var cells = new List<string?>();
        var field = new StringBuilder();
        var quoted = false;
        var startLine = 1;
        int next;
        while ((next = reader.Read()) != -1)
        {
            var c = (char)next;
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        field.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == _separator)
            {
                AddCell(cells, field);
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                line++;
                AddCell(cells, field);
                yield return (startLine, cells.ToArray());
                cells.Clear();
                startLine = line + 1;
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || cells.Count > 0)
        {
            AddCell(cells, field);
            yield return (startLine, cells.ToArray());
        }
    }

    private void AddCell(List<string?> cells, StringBuilder field)
    {
        if (cells.Count >= _limits.MaxColumns)
        {
            throw new SheetRefusedException(SheetProblem.TooManyColumns, _limits.MaxColumns);
        }

        if (field.Length > _limits.MaxCellLength)
        {
            throw new SheetRefusedException(SheetProblem.CellTooLong, _limits.MaxCellLength);
        }

        cells.Add(field.ToString());
        field.Clear();
    }
}
