namespace Crm.Modules.Campaigns.Web;

/// <summary>
/// What a refused form had typed, kept for the page it goes back to as one string. TempData turns a lone value that
/// looks like a GUID or a date ("11:00", "1405/09/21") into one, so the fields travel packed and come back as typed.
/// </summary>
public static class TypedAgain
{
    private const char Separator = '\u001f';

    public static string Pack(params string?[] values) => string.Join(Separator, values.Select(v => (v ?? "").Replace(Separator, ' ')));

    /// <summary>The values packed, or as many nulls when nothing was kept.</summary>
    public static string?[] Unpack(object? packed, int count) =>
        packed is string text && text.Split(Separator) is { } parts && parts.Length == count ? parts : new string?[count];
}
