using System.Globalization;
using System.Net;
using System.Text;
using Crm.Modules.Tickets.Domain;
using Crm.SharedKernel.Documents;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Time;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Tickets.Web;

/// <summary>
/// The receipt given to the customer when an item is left for repair: what was received, in what condition, with
/// which accessories and reported faults, and where both sides sign. Persian pages are right to left with Persian
/// digits and Jalali dates; every field is HTML-encoded. Printed to PDF by the platform's renderer.
/// </summary>
public sealed class RepairReceipt(IPdfRenderer pdf, IWorkingCalendarSource calendars, IStringLocalizer<TicketsResources> l)
{
    public async Task<byte[]> PdfAsync(RepairOrder repair, string language, CancellationToken cancellationToken)
    {
        var fa = language == "fa";
        var culture = fa ? SupportedCultures.Persian : SupportedCultures.English;
        var calendar = await calendars.GetAsync(cancellationToken);
        string T(string key, params object[] args) => E(l.InCulture(culture, key, args));
        string Figure(string? text) => $"<bdi dir=\"ltr\">{E(fa ? Digits.ToPersian(text ?? "") : text)}</bdi>";
        var local = TimeZoneInfo.ConvertTimeFromUtc(repair.ReceivedAt, calendar.Zone);
        var received = fa
            ? Digits.ToPersian(JalaliDate.Format(DateOnly.FromDateTime(local)) + " " + local.ToString("HH:mm", CultureInfo.InvariantCulture))
            : local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html><html lang=\"{language}\" dir=\"{(fa ? "rtl" : "ltr")}\"><head><meta charset=\"utf-8\"><title>{E(repair.Number)}</title><style>");
        html.Append(pdf.EmbeddedFontFaces).Append(Css).Append("</style></head><body>");
        html.Append($"<h1>{T("Receipt_Title")}</h1><table class=\"meta\"><tr><th>{T("Receipt_Number")}</th><td><bdi dir=\"ltr\">{E(repair.Number)}</bdi></td>");
        html.Append($"<th>{T("Receipt_ReceivedAt")}</th><td>{E(received)}</td></tr></table>");
        html.Append("<table class=\"fields\">");
        void Row(string key, string? value, bool figure = false)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                html.Append($"<tr><th>{T(key)}</th><td dir=\"auto\">{(figure ? Figure(value) : E(value).Replace("\n", "<br>", StringComparison.Ordinal))}</td></tr>");
            }
        }

        Row("Field_Customer", repair.CustomerName);
        Row("Field_Item", repair.Item);
        Row("Field_Serial", repair.SerialNumber, figure: true);
        Row("Field_Warranty", l.InCulture(culture, repair.InWarranty ? "InWarranty" : "OutOfWarranty"));
        Row("Field_Condition", repair.Condition);
        Row("Field_Accessories", repair.Accessories);
        Row("Field_ReportedFaults", repair.ReportedFaults);
        html.Append("</table>");
        html.Append($"<p class=\"terms\">{T("Receipt_Terms")}</p>");
        html.Append($"<div class=\"sign\"><div>{T("Receipt_CustomerSignature")}</div><div>{T("Receipt_StaffSignature")}</div></div></body></html>");
        var footer = $"<div dir=\"{(fa ? "rtl" : "ltr")}\" style=\"width:100%;font-family:Vazirmatn,sans-serif;font-size:8px;color:#555;padding:0 10mm\"><bdi dir=\"ltr\">{E(repair.Number)}</bdi></div>";
        return await pdf.RenderAsync(html.ToString(), footer, cancellationToken);
    }

    private const string Css = """
        body{font-family:Vazirmatn,sans-serif;font-size:12px;margin:12mm;color:#222}
        h1{font-size:20px;margin:0 0 8px}
        table{border-collapse:collapse;width:100%}
        .meta th,.meta td{padding:4px 6px;text-align:start}
        .fields{margin-top:10px}
        .fields th{width:28%;background:#f3f4f6;text-align:start;vertical-align:top}
        .fields th,.fields td{border:1px solid #d1d5db;padding:6px 8px}
        .terms{margin-top:14px;color:#555;font-size:11px}
        .sign{display:flex;justify-content:space-between;margin-top:40px}
        .sign div{width:45%;border-top:1px solid #999;padding-top:6px;text-align:center}
        """;

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
