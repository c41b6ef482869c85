using System.Text;

namespace Crm.SharedKernel.Localization;

/// <summary>Converts digits between Latin, Persian (۰-۹) and Arabic-Indic (٠-٩).</summary>
public static class Digits
{
    public static string ToPersian(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(c is >= '0' and <= '9' ? (char)('۰' + (c - '0')) : c);
        }

        return sb.ToString();
    }

    public static string ToLatin(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                >= '۰' and <= '۹' => (char)('0' + (c - '۰')),
                >= '٠' and <= '٩' => (char)('0' + (c - '٠')),
                _ => c,
            });
        }

        return sb.ToString();
    }
}
