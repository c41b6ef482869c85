namespace Crm.SharedKernel.Text;

public static class TextLimits
{
    /// <summary>The text cut to fit <paramref name="max"/> characters, with an ellipsis where it was cut.</summary>
    public static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
