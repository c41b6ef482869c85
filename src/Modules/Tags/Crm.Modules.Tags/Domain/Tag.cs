using Crm.Modules.Tags.Contracts;
using Crm.SharedKernel.Domain;

namespace Crm.Modules.Tags.Domain;

public sealed class Tag : AggregateRoot
{
    public static readonly IReadOnlyList<string> Colors = ["secondary", "primary", "success", "danger", "warning", "info", "dark"];

    public string Name { get; private set; } = "";

    /// <summary><see cref="TagNames.Key"/> of the name: near-duplicates share it.</summary>
    public string Key { get; private set; } = "";

    public TagKind Kind { get; set; }

    /// <summary>The author of a personal tag, the only one who sees it.</summary>
    public Guid? OwnerId { get; set; }

    /// <summary>For system tags, which one (<see cref="SystemTags"/>); its name comes from the resources.</summary>
    public string? SystemKey { get; set; }

    public string Color { get; set; } = "secondary";

    public Guid? GroupId { get; set; }

    /// <summary>A public tag someone typed for the first time stays unapproved until an administrator reviews it.</summary>
    public bool Approved { get; set; }

    /// <summary>Set when this tag was merged into another; its usages moved there.</summary>
    public Guid? MergedIntoId { get; set; }

    /// <summary>
    /// A system tag, made on its first use. Its id is fixed by its key, so two requests making it at once cannot make two.
    /// </summary>
    public static Tag ForSystem(string systemKey)
    {
        var tag = new Tag { Kind = TagKind.System, SystemKey = systemKey, Approved = true, Color = "info" };
        tag.Id = new Guid(global::System.Security.Cryptography.SHA256.HashData(global::System.Text.Encoding.UTF8.GetBytes("crm.system-tag." + systemKey)).AsSpan(0, 16));
        tag.Rename(systemKey.Replace('-', ' '));
        return tag;
    }

    public void Rename(string name)
    {
        Name = TagNames.Clean(name);
        Key = TagNames.Key(name);
    }
}

/// <summary>A named set of tags, e.g. "Loss reasons".</summary>
public sealed class TagGroup : AggregateRoot
{
    public string Name { get; set; } = "";

    /// <summary>For groups other modules rely on (<see cref="TagGroupKeys"/>): their fixed key.</summary>
    public string? SystemKey { get; set; }
}

/// <summary>One tag on one record of any module.</summary>
public sealed class TagLink : Entity
{
    public Guid TagId { get; set; }

    public string RecordType { get; set; } = "";

    public Guid RecordId { get; set; }

    public DateTime CreatedAt { get; set; }

    public Guid? CreatedBy { get; set; }
}
