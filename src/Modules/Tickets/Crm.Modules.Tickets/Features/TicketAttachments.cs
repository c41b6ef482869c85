using Crm.Modules.Tickets.Domain;
using Crm.SharedKernel.Files;
using Crm.SharedKernel.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Tickets.Features;

/// <summary>A file given with a thread line: its name as given, its length, and a way to read it (once).</summary>
public sealed record TicketUpload(string FileName, long Length, Func<Stream> Open);

/// <summary>
/// Checks and keeps the files of a ticket's thread: at most <see cref="MaxFiles"/> a line, each at most
/// <see cref="MaxFileBytes"/>, of a kind <see cref="AttachmentTypes"/> takes by name and first bytes. A file is stored
/// before the line's transaction commits; if that transaction fails, the file is left without a row and costs only space.
/// </summary>
public sealed class TicketAttachments(DbContext db, IFileStore store, IStringLocalizer<TicketsResources> l)
{
    public const int MaxFiles = 5;

    public const long MaxFileBytes = 10 * 1024 * 1024;

    /// <summary>What one request may carry: the files and the form around them.</summary>
    public const long MaxRequestBytes = (MaxFiles * MaxFileBytes) + (64 * 1024);

    /// <summary>Why the files cannot be taken, or null when every one of them can.</summary>
    public string? Check(IReadOnlyList<TicketUpload> uploads)
    {
        if (uploads.Count > MaxFiles)
        {
            return l["Error_TooManyFiles", MaxFiles];
        }

        foreach (var upload in uploads)
        {
            if (upload.Length > MaxFileBytes)
            {
                return l["Error_FileTooLarge", CleanName(upload.FileName), MaxFileBytes / (1024 * 1024)];
            }

            if (upload.Length == 0)
            {
                return l["Error_FileEmpty", CleanName(upload.FileName)];
            }
        }

        return null;
    }

    /// <summary>Stores the files of <paramref name="entry"/> and adds their rows; the type of each is checked on its own bytes.</summary>
    public async Task<string?> AddAsync(TicketEntry entry, IReadOnlyList<TicketUpload> uploads, DateTime at, CancellationToken cancellationToken)
    {
        if (Check(uploads) is { } error)
        {
            return error;
        }

        var checkedFiles = new List<(TicketAttachment Attachment, byte[] Content)>();
        foreach (var upload in uploads)
        {
            var name = CleanName(upload.FileName);
            var content = await ReadBoundedAsync(upload, cancellationToken);
            if (content is null)
            {
                return l["Error_FileTooLarge", name, MaxFileBytes / (1024 * 1024)];
            }

            if (AttachmentTypes.ContentTypeOf(name, content.AsMemory(0, Math.Min(content.Length, AttachmentTypes.HeadLength))) is not { } type)
            {
                return l["Error_FileType", name, string.Join(" ", AttachmentTypes.Extensions)];
            }

            checkedFiles.Add((new TicketAttachment { TicketId = entry.TicketId, EntryId = entry.Id, FileName = name, ContentType = type, Length = content.Length, At = at }, content));
        }

        foreach (var (attachment, content) in checkedFiles)
        {
            await using var stream = new MemoryStream(content, writable: false);
            await store.SaveAsync(attachment.StoredName, stream, cancellationToken);
            db.Add(attachment);
        }

        return null;
    }

    public Task<Stream?> OpenAsync(TicketAttachment attachment, CancellationToken cancellationToken) => store.OpenReadAsync(attachment.StoredName, cancellationToken);

    /// <summary>The file's name as kept: see <see cref="AttachmentTypes.CleanName"/>.</summary>
    public static string CleanName(string fileName) => AttachmentTypes.CleanName(fileName, TicketAttachment.FileNameMaxLength);

    // The declared length is the sender's word; the bytes read are what count.
    private static async Task<byte[]?> ReadBoundedAsync(TicketUpload upload, CancellationToken cancellationToken)
    {
        await using var source = upload.Open();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
