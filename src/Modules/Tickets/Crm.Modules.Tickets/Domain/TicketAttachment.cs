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
