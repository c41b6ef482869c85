namespace Crm.SharedKernel.Files;

/// <summary>
/// Which files an upload takes (a ticket's attachments, a form's file fields): a list of kinds, each known by its extension and
/// checked against its first bytes, so a page or a program renamed to <c>.pdf</c> is refused. Everything else is refused too.
/// </summary>
public static class AttachmentTypes
{
    private sealed record Kind(string ContentType, Func<ReadOnlyMemory<byte>, bool> Matches);

    private static readonly Kind Pdf = new("application/pdf", b => StartsWith(b, "%PDF-"u8));
    private static readonly Kind Png = new("image/png", b => StartsWith(b, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]));
    private static readonly Kind Jpeg = new("image/jpeg", b => StartsWith(b, [0xFF, 0xD8, 0xFF]));
    private static readonly Kind Gif = new("image/gif", b => StartsWith(b, "GIF87a"u8) || StartsWith(b, "GIF89a"u8));
    private static readonly Kind Webp = new("image/webp", b => StartsWith(b, "RIFF"u8) && b.Length >= 12 && b.Span[8..12].SequenceEqual("WEBP"u8));
    private static readonly Kind Text = new("text/plain; charset=utf-8", IsText);
    private static readonly Kind Zip = new("application/zip", b => StartsWith(b, [0x50, 0x4B, 0x03, 0x04]));

    private static readonly Dictionary<string, Kind> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = Pdf, [".png"] = Png, [".jpg"] = Jpeg, [".jpeg"] = Jpeg, [".gif"] = Gif, [".webp"] = Webp,
        [".txt"] = Text, [".log"] = Text, [".csv"] = Text,
        // Office files are zip archives; they are served as downloads, never opened in the browser.
        [".docx"] = Zip with { ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
        [".xlsx"] = Zip with { ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
        [".zip"] = Zip,
    };

    /// <summary>The extensions taken, for the form's hint and its <c>accept</c> list.</summary>
    public static IEnumerable<string> Extensions => ByExtension.Keys;

    /// <summary>How many first bytes <see cref="ContentTypeOf"/> looks at.</summary>
    public const int HeadLength = 512;

    /// <summary>The type to serve the file with, or null when its name or its first bytes are not of a kind taken.</summary>
    public static string? ContentTypeOf(string fileName, ReadOnlyMemory<byte> head) =>
        ByExtension.TryGetValue(Path.GetExtension(fileName), out var kind) && head.Length > 0 && kind.Matches(head) ? kind.ContentType : null;

    /// <summary>
    /// An uploaded file's name as kept and shown: no folders, control or direction characters, quotes or angle brackets,
    /// at most <paramref name="maxLength"/> long with its extension kept; "file" when nothing is left.
    /// </summary>
    public static string CleanName(string fileName, int maxLength = 200)
    {
        var name = new string(System.IO.Path.GetFileName(fileName.Replace('\\', '/'))
            .Where(c => !char.IsControl(c) && !Crm.SharedKernel.Text.BidiControls.IsControl(c) && c is not ('"' or '<' or '>')).ToArray()).Trim();
        if (name.Length == 0)
        {
            return "file";
        }

        var extension = System.IO.Path.GetExtension(name);
        return name.Length <= maxLength || extension.Length > 10
            ? Crm.SharedKernel.Text.TextLimits.Shorten(name, maxLength)
            : name[..(maxLength - extension.Length)] + extension;
    }

    /// <summary>Whether a browser may show the file in place (images and PDF); anything else is only downloaded.</summary>
    public static bool ShowsInline(string contentType) => contentType is "application/pdf" or "image/png" or "image/jpeg" or "image/gif" or "image/webp";

    private static bool StartsWith(ReadOnlyMemory<byte> head, ReadOnlySpan<byte> signature) => head.Span.StartsWith(signature);

    // Text has no signature: no NUL bytes and no markup opening a page, which a browser could be coaxed into running.
    private static bool IsText(ReadOnlyMemory<byte> head) =>
        !head.Span.Contains((byte)0) && !System.Text.Encoding.UTF8.GetString(head.Span).TrimStart().StartsWith('<');
}
