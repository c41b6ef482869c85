namespace Crm.SharedKernel.Records;

/// <summary>A record of any module, by type name and id: what activities, tags, comments and notifications point at.</summary>
public sealed record RecordRef(string Type, Guid Id)
{
    public override string ToString() => $"{Type}:{Id}";

    public static bool TryParse(string? text, out RecordRef record)
    {
        record = null!;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0 || !Guid.TryParse(text![(colon + 1)..], out var id))
        {
            return false;
        }

        record = new RecordRef(text[..colon], id);
        return true;
    }
}

/// <summary>The record type names modules publish through <see cref="IRecordType"/>.</summary>
public static class RecordTypes
{
    public const string Contact = "Contact";
    public const string Organization = "Organization";
    public const string Lead = "Lead";
    public const string Activity = "Activity";
    public const string Opportunity = "Opportunity";

    /// <summary>A product of the catalog: not a customer record, but pages about it take panels from other modules (who bought it).</summary>
    public const string Product = "Product";
}

/// <summary>
/// A record as the current user may see it: its localized type name, title and page, and who owns it, so a module that
/// tells someone else about the record (a mention) can check that they may see it too.
/// </summary>
public sealed record RecordLink(RecordRef Record, string TypeName, string Title, string Url)
{
    public Guid? OwnerId { get; init; }

    public Guid? TeamId { get; init; }

    /// <summary>Whether another user may see the record, by the one visibility rule; an owner unknown to the link counts as not.</summary>
    public bool VisibleTo(bool seesAll, Guid viewerId, Guid? viewerTeamId) =>
        seesAll || ((OwnerId is not null || TeamId is not null) && Security.RecordVisibility.CanSee(false, viewerId, viewerTeamId, OwnerId, TeamId));
}

/// <summary>
/// Published by the owner of a record type after two of its records were merged: modules with records attached to
/// <see cref="MergedId"/> (activities, comments, tags) move them to <see cref="SurvivorId"/>.
/// </summary>
public sealed record RecordsMerged(string Type, Guid SurvivorId, Guid MergedId) : Messaging.INotification;

/// <summary>
/// Published inside the transaction that turned one record into another (a lead converted into a contact): modules with
/// records attached to <see cref="From"/> (activities, comments, tags) move them to <see cref="To"/>.
/// </summary>
public sealed record RecordConverted(RecordRef From, RecordRef To) : Messaging.INotification;
