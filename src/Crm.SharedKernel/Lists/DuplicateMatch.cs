namespace Crm.SharedKernel.Lists;

/// <summary>
/// A possible duplicate found before saving: which record (and where to open it), why it matched, and whether the
/// asking user may open it. Hidden matches carry no details, only the fact that the record exists.
/// </summary>
public sealed record DuplicateMatch(Guid Id, string Path, string Name, string? Phone, string? Email, string Reason, bool Visible);

/// <summary>The outcome of saving a customer record: its id, or field errors, or possible duplicates to show before saving.</summary>
public sealed record SaveResult(Guid? Id, IReadOnlyDictionary<string, string> Errors, IReadOnlyList<DuplicateMatch> Duplicates)
{
    public bool Saved => Id is not null;

    public static SaveResult Invalid(Dictionary<string, string> errors) => new(null, errors, []);
}
