namespace Crm.SharedKernel.Text;

/// <summary>
/// The Unicode characters that override or embed text direction (U+202A–U+202E, U+2066–U+2069). Typed into a name or a
/// line they reorder what follows, so "txt.exe" shows as "exe.txt" on a customer's PDF. Stored text never keeps them;
/// the marks LRM, RLM and ALM, and ZWNJ (which Persian spelling needs), are harmless and stay.
/// </summary>
public static class BidiControls
{
    public static bool IsControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    public static string? Strip(string? text)
    {
        if (text is null)
        {
            return null;
        }

        foreach (var c in text)
        {
            if (IsControl(c))
            {
                return string.Create(text.Length - text.Count(IsControl), text, static (span, source) =>
                {
                    var i = 0;
                    foreach (var ch in source)
                    {
                        if (!IsControl(ch))
                        {
                            span[i++] = ch;
                        }
                    }
                });
            }
        }

        return text;
    }
}
