namespace Crm.SharedKernel.Documents;

/// <summary>The system's Chromium is missing or would not start; the message names the path looked at.</summary>
public sealed class PdfUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Prints self-contained HTML (fonts and images embedded as <c>data:</c> URLs) to an A4 PDF: invoices, quotes, reports.</summary>
public interface IPdfRenderer
{
    /// <summary>Why PDFs cannot be made here (the missing Chromium's path), or null when they can.</summary>
    string? Problem { get; }

    /// <summary>CSS <c>@font-face</c> rules with the app's Vazirmatn font embedded, for pages that may load nothing.</summary>
    string EmbeddedFontFaces { get; }

    /// <summary>An A4 PDF of <paramref name="html"/>, with <paramref name="footerHtml"/> at the foot of every page.</summary>
    /// <exception cref="PdfUnavailableException">Chromium is missing or would not start.</exception>
    Task<byte[]> RenderAsync(string html, string footerHtml, CancellationToken cancellationToken);
}
