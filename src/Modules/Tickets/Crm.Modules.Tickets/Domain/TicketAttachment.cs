using Crm.SharedKernel.Domain;

namespace Crm.Modules.Tickets.Domain;

/// <summary>A file that came with a line of a ticket's thread (a reply, a note, the customer's mail), kept in the file store.</summary>
public sealed class TicketAttachment : Entity
{
    public const int FileNameMaxLength = 200;

    public Guid TicketId { get; set; }

    public Guid EntryId { get; set; }

    /// <summary>The name the file was uploaded or mailed with, shortened and cleaned; only ever shown and offered as the download's name.</summary>
    public string FileName { get; set; } = "";

    /// <summary>The type decided from the file's own first bytes, which is the type it is served with.</summary>
    public string ContentType { get; set; } = "";

    public long Length { get; set; }

    public DateTime At { get; set; }

    /// <summary>Its name in the file store, never derived from anything the uploader chose.</summary>
    public string StoredName => $"tickets/{TicketId:N}/{Id:N}";
}

/// <summary>
/// Which files a ticket takes: a list of kinds, each known by its extension and checked against its first bytes, so a
/// page or a program renamed to <c>.pdf</c> is refused. Everything else is refused too.
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

    /// <summary>Whether a browser may show the file in place (images and PDF); anything else is only downloaded.</summary>
    public static bool ShowsInline(string contentType) => contentType is "application/pdf" or "image/png" or "image/jpeg" or "image/gif" or "image/webp";

    private static bool StartsWith(ReadOnlyMemory<byte> head, ReadOnlySpan<byte> signature) => head.Span.StartsWith(signature);

    // Text has no signature: no NUL bytes and no markup opening a page, which a browser could be coaxed into running.
    private static bool IsText(ReadOnlyMemory<byte> head) =>
        !head.Span.Contains((byte)0) && !System.Text.Encoding.UTF8.GetString(head.Span).TrimStart().StartsWith('<');
}
