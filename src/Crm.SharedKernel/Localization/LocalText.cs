namespace Crm.SharedKernel.Localization;

/// <summary>
/// A text stored once and read later in either language, such as a notification or a system entry on a timeline:
/// the sender writes both, the reader's language picks one.
/// </summary>
public sealed record LocalText(string Persian, string English)
{
    public string ForCulture(bool persian) => persian ? Persian : English;
}
