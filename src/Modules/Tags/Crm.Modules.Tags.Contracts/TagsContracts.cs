using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Text;

namespace Crm.Modules.Tags.Contracts;

public static class TagsPermissions
{
    /// <summary>Put tags on records one can see, and open a tag's records.</summary>
    public const string Use = "tags.use";

    /// <summary>Review tags: approve, rename, merge, delete; tag groups.</summary>
    public const string Manage = "tags.manage";

    /// <summary>The tag report: how many records carry each tag, and each tag's share of the activities.</summary>
    public const string ViewReport = "tags.report";
}

/// <summary>Personal tags are seen by their author only; public tags by everyone; system tags are put on by the CRM itself.</summary>
public enum TagKind
{
    Personal = 0,
    Public = 1,
    System = 2,
}

/// <summary>The system tags: other modules put them on records they create (an email sent, a call logged).</summary>
public static class SystemTags
{
    public const string Call = "call";
    public const string EmailSent = "email-sent";
    public const string SmsSent = "sms-sent";
    public const string StatusChanged = "status-changed";

    public static readonly IReadOnlyList<string> All = [Call, EmailSent, SmsSent, StatusChanged];
}

/// <summary>A tag as shown on a record, in the reader's language.</summary>
public sealed record TagChip(Guid Id, string Name, string Color, TagKind Kind);

/// <summary>The rules of a tag's name, the same wherever a tag is typed.</summary>
public static class TagNames
{
    public const int MaxLength = 40;
    public const int MaxWords = 3;

    /// <summary>One spelling and spacing: Persian letters for Arabic ones, one space between words.</summary>
    public static string Clean(string? name) => PersianText.Clean(name).Trim('#', ' ');

    /// <summary>What two names that mean the same tag share: "پیگیری‌ فوری", "پيگيري فوري" and "پیگیری فوری" have one key.</summary>
    public static string Key(string? name) => PersianText.Key(Clean(name));

    public static bool IsValid(string? name)
    {
        var clean = Clean(name);
        return clean.Length is > 0 and <= MaxLength && Key(clean).Length > 0 && clean.Split(' ').Length <= MaxWords;
    }

    /// <summary>Names typed into one box, separated by commas (Latin or Persian).</summary>
    public static IReadOnlyList<string> Split(string? text) =>
        (text ?? "").Split([',', '،', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Clean).Where(n => n.Length > 0).DistinctBy(Key).ToList();
}

/// <summary>
/// Puts tags on a record by name. A name matching a tag the user can see (same key) reuses it; a new name creates a tag of
/// <paramref name="Kind"/> (a new public tag awaits an administrator's approval but is usable at once). The caller has
/// checked that the user may see the record. Returns the record's tags after the change.
/// </summary>
public sealed record TagRecord(RecordRef Record, IReadOnlyList<string> Names, TagKind Kind = TagKind.Public) : ICommand<IReadOnlyList<TagChip>>;

public sealed record UntagRecord(RecordRef Record, Guid TagId) : ICommand<Unit>;

/// <summary>Puts one of <see cref="SystemTags"/> on a record.</summary>
public sealed record AddSystemTag(RecordRef Record, string SystemKey) : ICommand<Unit>;

/// <summary>The tags the current user can see on each of the records.</summary>
public sealed record GetRecordTags(string RecordType, IReadOnlyCollection<Guid> RecordIds) : IRequest<IReadOnlyDictionary<Guid, IReadOnlyList<TagChip>>>;

/// <summary>
/// The records of a type that carry a tag (none if the user cannot see the tag), as a query another module composes into
/// its own: <c>records.Where(r => tagged.Any(id => id == r.Id))</c> becomes one statement with an indexed look-up per
/// record, however many records carry the tag. The modules share one database (ADR 0003); the tag tables stay private.
/// </summary>
public interface ITaggedRecords
{
    IQueryable<Guid> Carrying(Guid tagId, string recordType);
}

/// <summary>Every tag the current user can see, for filters.</summary>
public sealed record ListVisibleTags : IRequest<IReadOnlyList<TagChip>>;

/// <summary>Tag groups other modules rely on, known by a fixed key whatever administrators rename them to.</summary>
public static class TagGroupKeys
{
    /// <summary>Why deals are lost: moving a deal to Lost asks for one of this group's tags.</summary>
    public const string LossReasons = "loss-reasons";
}

/// <summary>
/// Makes the tag group <paramref name="Key"/> with its first tags (public, approved) if it does not exist yet; an existing
/// group is left as administrators shaped it.
/// </summary>
public sealed record EnsureTagGroup(string Key, string Name, IReadOnlyList<string> Tags) : ICommand<Unit>;

/// <summary>The approved public tags of the group <paramref name="GroupKey"/>, by name.</summary>
public sealed record ListGroupTags(string GroupKey) : IRequest<IReadOnlyList<TagChip>>;
