using Crm.SharedKernel.Domain;

namespace Crm.Modules.Campaigns.Domain;

/// <summary>
/// A static list of contacts a campaign can be sent to, or leave out: filled from the contact list's checked rows or from
/// pasted or uploaded mobiles and emails, and changed only by hand. A dynamic audience is the campaign's filters instead.
/// </summary>
public sealed class TargetList : AggregateRoot
{
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 1000;

    /// <summary>The members one list may hold.</summary>
    public const int MaxMembers = 1_000_000;

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>How many members the list holds, counted again after every change.</summary>
    public int Members { get; set; }
}

/// <summary>A contact on a static list; once per list.</summary>
public sealed class TargetListMember : Entity
{
    public Guid ListId { get; set; }

    public Guid ContactId { get; set; }

    public DateTime AddedAt { get; set; }

    public static TargetListMember Of(Guid listId, Guid contactId, DateTime at) => new() { ListId = listId, ContactId = contactId, AddedAt = at };
}
