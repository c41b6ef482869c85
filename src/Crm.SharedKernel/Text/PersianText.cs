using System.Globalization;
using System.Text;

namespace Crm.SharedKernel.Text;

/// <summary>
/// Normalises Persian (and mixed Latin) text so that spellings people consider the same compare equal:
/// Arabic yeh and kaf become Persian, diacritics and tatweel go, digits become Latin, Latin letters fold to lower case.
/// </summary>
public static class PersianText
{
    /// <summary>
    /// Readable normal form: same letters as typed (Arabic yeh and kaf made Persian, diacritics dropped), one space
    /// between words, and a zero-width non-joiner kept once where it joins two letters ("کارت‌خوان", "می‌خواهم"), since
    /// that is how the word is spelt; one next to a space or at either end is dropped.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        var pendingJoiner = false;
        foreach (var raw in text)
        {
            var c = MapLetter(raw);
            if (c == '\0')
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                pendingJoiner = false;
                continue;
            }

            if (c == '\u200C')
            {
                pendingJoiner = !pendingSpace && sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
            }
            else if (pendingJoiner)
            {
                sb.Append('\u200C');
            }

            (pendingSpace, pendingJoiner) = (false, false);
            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>
    /// Matching key: <see cref="Clean"/>, lower case, without spaces, zero-width non-joiners or punctuation,
    /// so "محمد‌رضا", "محمد رضا" and "محمدرضا" share one key. Used for duplicate checks and indexed prefix search.
    /// </summary>
    public static string Key(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var sb = new StringBuilder(text.Length);
        foreach (var raw in text)
        {
            var c = MapLetter(raw);
            if (c == '\0' || char.IsWhiteSpace(c) || c == '\u200C' || char.IsPunctuation(c) || char.IsSymbol(c))
            {
                continue;
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    /// <summary>One character's normal form, or '\0' for characters that carry no meaning for matching.</summary>
    private static char MapLetter(char c) => c switch
    {
        'ي' or 'ى' or 'ئ' => 'ی',
        'ك' => 'ک',
        'ة' => 'ه',
        'أ' or 'إ' or 'ٱ' => 'ا',
        'ؤ' => 'و',
        '\u0640' => '\0', // tatweel (kashida)
        >= '\u064B' and <= '\u065F' => '\0', // harakat, tanwin, shadda, sukun
        '\u0670' => '\0', // superscript alef
        '\u200D' or '\u200E' or '\u200F' or '\uFEFF' => '\0', // joiners and direction marks
        >= '۰' and <= '۹' => (char)('0' + (c - '۰')),
        >= '٠' and <= '٩' => (char)('0' + (c - '٠')),
        _ when CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark => '\0',
        _ => c,
    };

    /// <summary>A full name typed in one field, as (first, last): "علی رضایی" → ("علی", "رضایی"); a single word is the last name.</summary>
    public static (string First, string Last) SplitFullName(string? name)
    {
        var parts = Clean(name).Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 ? (parts[0], parts[1]) : ("", parts.FirstOrDefault() ?? "");
    }
}
