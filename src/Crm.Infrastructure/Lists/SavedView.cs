namespace Crm.Infrastructure.Lists;

/// <summary>A user's named set of list filters (the list's query string), e.g. "My hot leads from Instagram".</summary>
public sealed class SavedView
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    /// <summary>Which list, e.g. "leads" or "contacts".</summary>
    public required string ListKey { get; set; }

    public required string Name { get; set; }

    /// <summary>The list's query string without paging, e.g. "?status=New&amp;source=Instagram".</summary>
    public required string Query { get; set; }

    public DateTime CreatedAt { get; set; }
}
