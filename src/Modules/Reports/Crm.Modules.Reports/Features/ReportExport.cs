using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Crm.SharedKernel.Documents;
using Crm.SharedKernel.Imports;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Reports.Features;

/// <summary>
/// A report as a download: an .xlsx workbook (a summary sheet with the period and headline figures, then one sheet per
/// table, numbers kept as numbers) or an A4 PDF of the same figures and tables, in the reader's language and direction.
/// </summary>
public sealed class ReportExport(ISpreadsheets spreadsheets, IPdfRenderer pdf, ReportFormat f, IStringLocalizer<ReportsResources> l)
{
    public async Task<byte[]> XlsxAsync(Report report, CancellationToken cancellationToken)
    {
        var summary = new List<object?[]> { new object?[] { l["Period"].Value, PeriodText(report.Period) } };
        summary.AddRange(report.Kpis.Select(k => new object?[] { k.Label, k.Value, k.Note }));
        var sheets = new List<SheetContent> { new(l["Summary"], [report.Title, ""], Rows(summary, cancellationToken)) };
        sheets.AddRange(report.Tables.Select(t => new SheetContent(t.Title, [.. t.Columns.Select(c => c.Header)], Rows(t.Rows.Select(r => r.Cells.Select(c => c.Value).ToArray()), cancellationToken))));
        using var output = new MemoryStream();
        await spreadsheets.WriteXlsxAsync(output, sheets, f.IsPersian, cancellationToken);
        return output.ToArray();
    }

    private static async IAsyncEnumerable<object?[]> Rows(IEnumerable<object?[]> rows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return row;
        }

        await Task.CompletedTask;
    }

    public string PeriodText(ReportPeriod period) => $"{f.Dates.Date(period.From)} – {f.Dates.Date(period.To)}";

    /// <inheritdoc cref="IPdfRenderer.RenderAsync"/>
    public Task<byte[]> PdfAsync(Report report, CancellationToken cancellationToken) =>
        pdf.RenderAsync(Html(report), $"<div dir=\"{Direction}\" style=\"width:100%;font-family:Vazirmatn,sans-serif;font-size:8px;color:#555;padding:0 10mm;display:flex;justify-content:space-between\">"
            + $"<span>{E(report.Title)}</span><span><span class=\"pageNumber\"></span> / <span class=\"totalPages\"></span></span></div>", cancellationToken);

    private string Direction => f.IsPersian ? "rtl" : "ltr";

    public string Html(Report report)
    {
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html><html lang=\"{(f.IsPersian ? "fa" : "en")}\" dir=\"{Direction}\"><head><meta charset=\"utf-8\"><style>")
            .Append(pdf.EmbeddedFontFaces)
            .Append("""
                body{font-family:Vazirmatn,Tahoma,sans-serif;font-size:10px;color:#222;margin:0}
                h1{font-size:17px;margin:0 0 2px;color:#0d6efd}h2{font-size:12px;margin:14px 0 4px}
                .muted{color:#666}.kpis{display:flex;flex-wrap:wrap;gap:6px;margin:10px 0}
                .kpi{border:1px solid #dee2e6;border-radius:6px;padding:6px 10px;min-width:110px}.kpi b{display:block;font-size:14px}
                table{width:100%;border-collapse:collapse;page-break-inside:auto}tr{page-break-inside:avoid}
                th,td{border-bottom:1px solid #e5e5e5;padding:3px 5px;text-align:start}th{background:#f1f3f5}
                td.n,th.n{text-align:end;white-space:nowrap}tr.total td{font-weight:700}
                """)
            .Append("</style></head><body>")
            .Append($"<h1>{E(report.Title)}</h1><div class=\"muted\">{E(l["Period"])}: {E(PeriodText(report.Period))}</div>");
        if (report.Explanation is { } explanation)
        {
            html.Append($"<p class=\"muted\">{E(explanation)}</p>");
        }

        html.Append("<div class=\"kpis\">");
        foreach (var kpi in report.Kpis)
        {
            html.Append($"<div class=\"kpi\"><span class=\"muted\">{E(kpi.Label)}</span><b>{E(kpi.Value)}</b><span class=\"muted\">{E(kpi.Note)}</span></div>");
        }

        html.Append("</div>");
        foreach (var table in report.Tables)
        {
            html.Append($"<h2>{E(table.Title)}</h2><table><thead><tr>");
            foreach (var column in table.Columns)
            {
                html.Append($"<th{(column.Numeric ? " class=\"n\"" : "")}>{E(column.Header)}</th>");
            }

            html.Append("</tr></thead><tbody>");
            if (table.Rows.Count == 0)
            {
                html.Append($"<tr><td colspan=\"{table.Columns.Count}\" class=\"muted\">{E(table.Empty)}</td></tr>");
            }

            foreach (var row in table.Rows)
            {
                html.Append(row.Total ? "<tr class=\"total\">" : "<tr>");
                for (var i = 0; i < row.Cells.Count; i++)
                {
                    html.Append($"<td{(i < table.Columns.Count && table.Columns[i].Numeric ? " class=\"n\"" : "")}>{E(row.Cells[i].Text)}</td>");
                }

                html.Append("</tr>");
            }

            html.Append("</tbody></table>");
        }

        return html.Append("</body></html>").ToString();
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
