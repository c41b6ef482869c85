using System.Globalization;
using Crm.SharedKernel.Imports;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Crm.Infrastructure.Spreadsheets;

/// <summary>.xlsx (Open XML SDK, SAX style) and .csv (CsvHelper), streamed both ways.</summary>
public sealed class SpreadsheetFiles(Microsoft.Extensions.Options.IOptions<SheetLimits> limits) : ISpreadsheets
{
    public ISheetReader Open(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".xlsx" => new XlsxSheetReader(path, limits.Value),
        ".csv" => new CsvSheetReader(path, limits.Value),
        _ => throw new InvalidDataException("Only .xlsx and .csv files can be read."),
    };

    public Task WriteXlsxAsync(Stream output, string sheetName, IReadOnlyList<string> headers, IAsyncEnumerable<object?[]> rows,
        bool rightToLeft, CancellationToken cancellationToken) =>
        WriteXlsxAsync(output, [new SheetContent(sheetName, headers, rows)], rightToLeft, cancellationToken);

    public async Task WriteXlsxAsync(Stream output, IReadOnlyList<SheetContent> sheets, bool rightToLeft, CancellationToken cancellationToken)
    {
        // The package format needs a seekable stream; a temporary file keeps memory flat for large lists.
        var temp = Path.Combine(Path.GetTempPath(), "crm-xlsx-" + Guid.NewGuid().ToString("N") + ".xlsx");
        try
        {
            using (var document = SpreadsheetDocument.Create(temp, SpreadsheetDocumentType.Workbook))
            {
                var workbookPart = document.AddWorkbookPart();
                AddStyles(workbookPart);
                var list = new Sheets();
                var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var sheet in sheets)
                {
                    var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
                    using (var writer = OpenXmlWriter.Create(sheetPart))
                    {
                        writer.WriteStartElement(new Worksheet());
                        writer.WriteStartElement(new SheetViews());
                        writer.WriteElement(new SheetView { WorkbookViewId = 0, RightToLeft = rightToLeft });
                        writer.WriteEndElement();
                        writer.WriteStartElement(new SheetData());
                        WriteRow(writer, 1, sheet.Headers.Cast<object?>().ToArray(), bold: true);
                        var rowIndex = 1;
                        await foreach (var row in sheet.Rows.WithCancellation(cancellationToken))
                        {
                            WriteRow(writer, ++rowIndex, row, bold: false);
                        }

                        writer.WriteEndElement();
                        writer.WriteEndElement();
                    }

                    list.Append(new Sheet { Id = workbookPart.GetIdOfPart(sheetPart), SheetId = (uint)(list.ChildElements.Count + 1), Name = SheetName(sheet.Name, names) });
                }

                workbookPart.Workbook = new Workbook(list);
                workbookPart.Workbook.Save();
            }

            await using var file = File.OpenRead(temp);
            await file.CopyToAsync(output, cancellationToken);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>A name Excel accepts: at most 31 characters, none of <c>[]:*?/\</c>, and not used by another sheet.</summary>
    private static string SheetName(string name, HashSet<string> taken)
    {
        var clean = new string([.. name.Select(c => "[]:*?/\\".Contains(c) ? ' ' : c)]).Trim();
        clean = clean.Length == 0 ? "Sheet" : clean.Length > 28 ? clean[..28] : clean;
        var unique = clean;
        for (var i = 2; !taken.Add(unique); i++)
        {
            unique = $"{clean} {i}";
        }

        return unique;
    }

    private static void WriteRow(OpenXmlWriter writer, int rowIndex, object?[] values, bool bold)
    {
        writer.WriteStartElement(new Row { RowIndex = (uint)rowIndex });
        foreach (var value in values)
        {
            var cell = value switch
            {
                null => new Cell(),
                int or long or decimal or double => new Cell
                {
                    DataType = CellValues.Number,
                    CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!),
                },
                _ => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Clean(value.ToString()!))) },
            };
            if (bold)
            {
                cell.StyleIndex = 1;
            }

            writer.WriteElement(cell);
        }

        writer.WriteEndElement();
    }

    /// <summary>XML 1.0 cannot hold most control characters; they never belong in a cell anyway.</summary>
    private static string Clean(string text) =>
        text.Any(c => char.IsControl(c) && c is not '\t' and not '\n' and not '\r')
            ? new string(text.Where(c => !char.IsControl(c) || c is '\t' or '\n' or '\r').ToArray())
            : text;

    private static void AddStyles(WorkbookPart workbookPart)
    {
        var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new Fonts(new Font(), new Font(new Bold())),
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
            new Borders(new Border()),
            new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }));
        styles.Stylesheet.Save();
    }
}
