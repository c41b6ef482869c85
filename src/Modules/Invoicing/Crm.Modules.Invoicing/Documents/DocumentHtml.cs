using System.Globalization;
using System.Net;
using System.Text;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Invoicing.Domain;
using Crm.Modules.Invoicing.Features;
using Crm.SharedKernel.Documents;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Invoicing.Documents;

/// <summary>What a printed quote or invoice shows, whichever it is.</summary>
public sealed record PrintedDocument(
    string TitleKey,
    string Number,
    string Language,
    DateOnly Date,
    (string LabelKey, DateOnly Date)? SecondDate,
    string CustomerName,
    IReadOnlyList<DocumentLine> Lines,
    long Subtotal,
    long Discount,
    long Vat,
    long Total,
    string? Terms,
    string? Reference);

/// <summary>File names of the documents, the same in the browser and in emails.</summary>
public static class DocumentFiles
{
    /// <summary>The file's name; a copy in the other language than the document's says which (<c>QUO-1405-000012-en.pdf</c>).</summary>
    public static string QuoteFileName(Quote quote, string? language = null) => $"{quote.DisplayNumber}{Suffix(quote, language)}.pdf";

    public static string InvoiceFileName(Invoice invoice, string? language = null) => $"{invoice.Number ?? "draft-" + invoice.Id.ToString("N")[..8]}{Suffix(invoice, language)}.pdf";

    private static string Suffix(BillingDocument document, string? language) => language is null || language == document.Language ? "" : "-" + language;
}

/// <summary>
/// The HTML of a quote or invoice, in the document's language: right to left with Persian digits and Jalali dates in
/// Persian, the amount in words, the company's logo and seal. The same HTML is the print preview on screen and the page
/// Chromium prints to PDF; for the PDF the fonts are embedded, for the screen they come from the app's files. Every field
/// is HTML-encoded.
/// </summary>
public sealed class DocumentHtml(SettingsStore settings, IMediator mediator, Prices prices, IPdfRenderer pdf, IStringLocalizer<InvoicingResources> l)
{

    /// <summary>A quote as printed, in its own language or in <paramref name="language"/> (<c>fa</c> or <c>en</c>).</summary>
    public static PrintedDocument Quote(Quote quote, string? language = null) => new(
        "Doc_Quote", quote.DisplayNumber, Language(language, quote.Language), quote.QuoteDate, ("Doc_ValidUntil", quote.ValidUntil), quote.CustomerName,
        quote.LinesInOrder(), quote.Subtotal, quote.DiscountTotal, quote.VatTotal, quote.Total, quote.Terms, null);

    /// <summary>An invoice as printed, in its own language or in <paramref name="language"/> (<c>fa</c> or <c>en</c>).</summary>
    public PrintedDocument Invoice(Invoice invoice, string? returnOf, string? language = null) => new(
        invoice.Type switch { InvoiceType.Return => "Doc_Return", InvoiceType.Service => "Doc_ServiceInvoice", _ => "Doc_Invoice" },
        invoice.Number ?? l.InCulture(Culture(Language(language, invoice.Language)), "Doc_Draft"), Language(language, invoice.Language), invoice.IssueDate,
        invoice.Type == InvoiceType.Return ? null : ("Doc_DueDate", invoice.DueDate), invoice.CustomerName,
        invoice.LinesInOrder(), invoice.Subtotal, invoice.DiscountTotal, invoice.VatTotal, invoice.Total, invoice.Terms, returnOf);

    /// <param name="forPdf">Embed the fonts (the PDF page loads nothing); otherwise link the app's font files.</param>
    public async Task<string> RenderAsync(PrintedDocument doc, Crm.SharedKernel.Records.RecordRef customer, bool forPdf, CancellationToken cancellationToken)
    {
        var s = await settings.GetAsync(cancellationToken);
        var buyer = (await mediator.Send(new GetBillingDetails([customer]), cancellationToken)).GetValueOrDefault(customer);
        var fa = doc.Language == "fa";
        var culture = Culture(doc.Language);
        string T(string key, params object[] args) => E(l.InCulture(culture, key, args));
        string N(long rials) => MoneyText.Number(rials, prices.Unit, fa);
        string Q(decimal value) => fa ? Digits.ToPersian(value.ToString("#,0.###", CultureInfo.InvariantCulture).Replace(',', '٬').Replace('.', '٫')) : value.ToString("#,0.###", CultureInfo.InvariantCulture);
        string D(DateOnly date) => fa ? Digits.ToPersian(JalaliDate.Format(date)) : date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // A product code is an identifier and prints as typed ("POS-2527"); numbers such as economic codes, postal codes
        // and phones are written in the document's digits like every other figure.
        string Code(string? text) => string.IsNullOrEmpty(text) ? "" : $"<bdi dir=\"ltr\">{E(text)}</bdi>";
        string Figure(string? text) => string.IsNullOrEmpty(text) ? "" : $"<bdi dir=\"ltr\">{E(fa ? Digits.ToPersian(text) : Digits.ToLatin(text))}</bdi>";
        var unit = l.InCulture(culture, "Unit_" + prices.Unit);

        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html><html lang=\"{(fa ? "fa" : "en")}\" dir=\"{(fa ? "rtl" : "ltr")}\"><head><meta charset=\"utf-8\"><title>{E(doc.Number)}</title><style>");
        html.Append(FontFaces(forPdf)).Append(Css).Append("</style></head><body><div class=\"doc\">");

        html.Append("<header class=\"top\"><div class=\"brand\">");
        if (s.Logo is { Length: > 0 } logo)
        {
            html.Append($"<img class=\"logo\" alt=\"\" src=\"data:{E(s.LogoType ?? "image/png")};base64,{Convert.ToBase64String(logo)}\">");
        }

        html.Append($"<div><div class=\"company\">{E(fa || string.IsNullOrEmpty(s.CompanyEnglishName) ? s.CompanyName : s.CompanyEnglishName)}</div></div></div>");
        html.Append($"<div class=\"title\"><h1>{T(doc.TitleKey)}</h1><table class=\"meta\"><tr><th>{T("Doc_Number")}</th><td><bdi dir=\"ltr\">{E(doc.Number)}</bdi></td></tr>");
        html.Append($"<tr><th>{T("Doc_Date")}</th><td>{D(doc.Date)}</td></tr>");
        if (doc.SecondDate is { } second)
        {
            html.Append($"<tr><th>{T(second.LabelKey)}</th><td>{D(second.Date)}</td></tr>");
        }

        if (doc.Reference is { } reference)
        {
            html.Append($"<tr><th>{T("Doc_ReturnOf")}</th><td><bdi dir=\"ltr\">{E(reference)}</bdi></td></tr>");
        }

        html.Append("</table></div></header>");

        html.Append("<section class=\"parties\">");
        Party(html, T("Doc_Seller"), fa || string.IsNullOrEmpty(s.CompanyEnglishName) ? s.CompanyName : s.CompanyEnglishName!, s.EconomicCode, s.NationalId, s.Address, s.PostalCode, s.Phone, T, Figure);
        Party(html, T("Doc_Buyer"), buyer?.Name ?? doc.CustomerName, buyer?.EconomicCode, buyer?.NationalId, buyer?.Address, buyer?.PostalCode, buyer?.Phone ?? buyer?.Mobile, T, Figure);
        html.Append("</section>");

        html.Append("<table class=\"lines\"><thead><tr>");
        foreach (var key in new[] { "Doc_Row", "Doc_Code", "Doc_Description", "Doc_Quantity", "Doc_Unit", "Doc_UnitPrice", "Doc_Discount", "Doc_Net", "Doc_Vat", "Doc_LineTotal" })
        {
            html.Append($"<th>{T(key)}</th>");
        }

        html.Append("</tr></thead><tbody>");
        var row = 0;
        foreach (var line in doc.Lines)
        {
            row++;
            html.Append($"<tr><td class=\"n\">{Q(row)}</td><td>{Code(line.Code)}</td><td class=\"desc\"><bdi>{E(line.Description)}</bdi></td><td class=\"n\">{Q(line.Quantity)}</td><td>{E(UnitNames.In(fa, line.Unit))}</td>");
            html.Append($"<td class=\"n\">{N(line.UnitPrice)}</td><td class=\"n\">{N(line.Discount)}</td><td class=\"n\">{N(line.Net)}</td><td class=\"n\">{N(line.Vat)}<div class=\"rate\">{Q(line.VatRate)}{(fa ? "٪" : "%")}</div></td><td class=\"n\">{N(line.Total)}</td></tr>");
        }

        html.Append("</tbody></table>");

        html.Append("<section class=\"sums\"><div class=\"words\">");
        html.Append($"<div class=\"label\">{T("Doc_InWords")}</div><div>{E(fa ? AmountInWords.Persian(ToUnit(doc.Total)) : AmountInWords.English(ToUnit(doc.Total)))} {E(unit)}</div></div>");
        html.Append("<table class=\"totals\">");
        html.Append($"<tr><th>{T("Doc_Subtotal")}</th><td>{N(doc.Subtotal)}</td></tr><tr><th>{T("Doc_TotalDiscount")}</th><td>{N(doc.Discount)}</td></tr>");
        html.Append($"<tr><th>{T("Doc_TotalVat")}</th><td>{N(doc.Vat)}</td></tr><tr class=\"grand\"><th>{T("Doc_Total")} ({E(unit)})</th><td>{N(doc.Total)}</td></tr></table></section>");

        if (!string.IsNullOrWhiteSpace(doc.Terms))
        {
            html.Append($"<section class=\"terms\"><div class=\"label\">{T("Doc_Terms")}</div><div dir=\"auto\">{E(doc.Terms).Replace("\n", "<br>", StringComparison.Ordinal)}</div></section>");
        }

        html.Append("<section class=\"sign\"><div class=\"box\"><div class=\"label\">").Append(T("Doc_SellerSignature")).Append("</div>");
        if (s.Seal is { Length: > 0 } seal)
        {
            html.Append($"<img class=\"seal\" alt=\"\" src=\"data:{E(s.SealType ?? "image/png")};base64,{Convert.ToBase64String(seal)}\">");
        }

        html.Append($"</div><div class=\"box\"><div class=\"label\">{T("Doc_BuyerSignature")}</div></div></section>");
        if (!string.IsNullOrWhiteSpace(s.FooterText))
        {
            html.Append($"<footer class=\"note\" dir=\"auto\">{E(s.FooterText)}</footer>");
        }

        html.Append("</div></body></html>");
        return html.ToString();
    }

    /// <summary>The document as a PDF; <see cref="PdfUnavailableException"/> when Chromium is missing.</summary>
    public async Task<byte[]> PdfAsync(PrintedDocument doc, Crm.SharedKernel.Records.RecordRef customer, CancellationToken cancellationToken) =>
        await pdf.RenderAsync(await RenderAsync(doc, customer, true, cancellationToken), Footer(doc), cancellationToken);

    /// <summary>The page footer Chromium prints on every page: the document's number and "page X of Y".</summary>
    public string Footer(PrintedDocument doc)
    {
        var fa = doc.Language == "fa";
        var culture = Culture(doc.Language);
        // Chromium writes the page numbers in Latin digits; a Persian page draws them with the Farsi-digits cut of the
        // font (Vazirmatn FD), while the document number keeps the digits it was typed with.
        var pages = fa ? "font-family:'Vazirmatn FD',Vazirmatn,sans-serif" : "font-family:Vazirmatn,sans-serif";
        return $"<div dir=\"{(fa ? "rtl" : "ltr")}\" style=\"width:100%;font-family:Vazirmatn,sans-serif;font-size:8px;color:#555;padding:0 10mm;display:flex;justify-content:space-between\">"
            + $"<span><bdi dir=\"ltr\">{E(doc.Number)}</bdi></span><span style=\"{pages}\">{E(l.InCulture(culture, "Doc_Page"))} <span class=\"pageNumber\"></span> / <span class=\"totalPages\"></span></span></div>";
    }

    private long ToUnit(long rials) => (long)(rials / MoneyText.RialsPer(prices.Unit));

    /// <summary>The language asked for when it is one documents are printed in, else the document's own.</summary>
    public static string Language(string? asked, string own) => asked is "fa" or "en" ? asked : own;

    private static string Culture(string language) => language == "fa" ? SupportedCultures.Persian : SupportedCultures.English;

    private static void Party(StringBuilder html, string title, string name, string? economicCode, string? nationalId, string? address, string? postalCode, string? phone,
        Func<string, object[], string> t, Func<string?, string> code)
    {
        html.Append($"<div class=\"party\"><div class=\"label\">{title}</div><div class=\"name\"><bdi>{E(name)}</bdi></div><dl>");
        void Field(string key, string? value, bool isCode)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                html.Append($"<dt>{t(key, [])}</dt><dd>{(isCode ? code(value) : $"<bdi>{E(value)}</bdi>")}</dd>");
            }
        }

        Field("Doc_EconomicCode", economicCode, true);
        Field("Doc_NationalId", nationalId, true);
        Field("Doc_Address", address, false);
        Field("Doc_PostalCode", postalCode, true);
        Field("Doc_Phone", phone, true);
        html.Append("</dl></div>");
    }

    private string FontFaces(bool embed) =>
        embed ? pdf.EmbeddedFontFaces : string.Concat(new[] { (400, "Vazirmatn-Regular.woff2"), (700, "Vazirmatn-Bold.woff2") }
            .Select(f => $"@font-face{{font-family:Vazirmatn;font-weight:{f.Item1};src:url(/lib/vazirmatn/fonts/webfonts/{f.Item2}) format('woff2');}}"));

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    // Printed A4 with 10mm side margins. A collapsed-border table of width 100% loses its outer edge in print, hence the 2px.
    private const string Css = """
        *{box-sizing:border-box}
        body{margin:0;font-family:Vazirmatn,Tahoma,sans-serif;font-size:11px;color:#222;background:#fff}
        .doc{max-width:190mm;margin:0 auto}
        .top{display:flex;justify-content:space-between;align-items:flex-start;border-bottom:2px solid #0d6efd;padding-bottom:8px;margin-bottom:10px}
        .brand{display:flex;gap:10px;align-items:center}.logo{max-height:60px;max-width:120px}
        .company{font-size:16px;font-weight:700}
        h1{font-size:18px;margin:0 0 4px;color:#0d6efd}
        .meta th{font-weight:400;color:#666;text-align:start;padding:1px 6px}.meta td{font-weight:700;padding:1px 6px}
        .parties{display:flex;gap:10px;margin-bottom:10px}
        .party{flex:1;border:1px solid #ccc;border-radius:4px;padding:6px 8px}
        .label{color:#666;font-size:10px}.name{font-weight:700;font-size:12px;margin:2px 0}
        dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:1px 8px}dt{color:#666}dd{margin:0}
        table.lines{width:calc(100% - 2px);border-collapse:collapse;margin-bottom:8px}
        table.lines th{background:#e9f0fb;font-weight:700}
        table.lines th,table.lines td{border:1px solid #999;padding:4px;text-align:center;vertical-align:top}
        table.lines td.desc{text-align:start}
        table.lines td.n{white-space:nowrap}.rate{font-size:9px;color:#666}
        thead{display:table-header-group}tr{break-inside:avoid}
        .sums{display:flex;justify-content:space-between;gap:12px;break-inside:avoid}
        .words{flex:1;border:1px dashed #999;padding:6px 8px;border-radius:4px}
        table.totals{border-collapse:collapse;min-width:70mm}
        table.totals th{text-align:start;font-weight:400;padding:3px 8px;border-bottom:1px solid #ddd}
        table.totals td{text-align:end;padding:3px 8px;border-bottom:1px solid #ddd;white-space:nowrap}
        table.totals tr.grand th,table.totals tr.grand td{font-weight:700;font-size:13px;border-top:2px solid #222}
        .terms{margin-top:10px;border-top:1px solid #ddd;padding-top:6px;break-inside:avoid}
        .sign{display:flex;gap:10px;margin-top:14px;break-inside:avoid}.sign .box{flex:1;min-height:80px;border:1px solid #ccc;border-radius:4px;padding:6px}
        .seal{max-height:70px;max-width:140px;display:block;margin-top:4px}
        .note{margin-top:10px;color:#555;font-size:10px;text-align:center}
        @media screen{body{background:#f3f4f6;padding:16px}.doc{background:#fff;padding:12mm 10mm;box-shadow:0 1px 4px rgba(0,0,0,.15)}}
        @page{size:A4}
        """;
}
