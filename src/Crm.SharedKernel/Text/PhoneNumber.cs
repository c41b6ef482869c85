using System.Text;

namespace Crm.SharedKernel.Text;

/// <summary>
/// Iranian phone numbers in any format people type (+98, 0098, 98, leading 0, spaces, dashes, brackets,
/// Persian or Arabic-Indic digits) reduced to one key: the national significant number, e.g. 9121234567.
/// Foreign numbers (another country code after + or 00) keep their full digits with a leading "+".
/// </summary>
public static class PhoneNumber
{
    /// <summary>The matching key, or "" when the text holds no digits.</summary>
    public static string Normalize(string? text)
    {
        var digits = DigitsOf(text, out var international);
        if (digits.Length == 0)
        {
            return "";
        }

        if (international || digits.StartsWith("00", StringComparison.Ordinal))
        {
            var full = digits.StartsWith("00", StringComparison.Ordinal) ? digits[2..] : digits;
            return full.StartsWith("98", StringComparison.Ordinal) ? full[2..].TrimStart('0') : "+" + full;
        }

        if (digits.Length == 12 && digits.StartsWith("989", StringComparison.Ordinal))
        {
            return digits[2..];
        }

        return digits.TrimStart('0');
    }

    /// <summary>An Iranian mobile number: 10 digits starting with 9 once normalised.</summary>
    public static bool IsIranianMobile(string? text)
    {
        var key = Normalize(text);
        return key.Length == 10 && key[0] == '9';
    }

    /// <summary>A plausible number: Iranian numbers have 10 significant digits, foreign ones 7 to 15.</summary>
    public static bool IsValid(string? text)
    {
        var key = Normalize(text);
        return key.StartsWith('+') ? key.Length is >= 8 and <= 16 : key.Length == 10;
    }

    /// <summary>How the number is shown: 0912 123 4567 for Iranian mobiles, 021 1234 5678 for landlines.</summary>
    public static string Display(string? text)
    {
        var key = Normalize(text);
        if (key.Length == 10 && key[0] == '9')
        {
            return $"0{key[..3]} {key[3..6]} {key[6..]}";
        }

        if (key.Length == 10)
        {
            return $"0{key[..2]} {key[2..6]} {key[6..]}";
        }

        return key.Length == 0 ? text?.Trim() ?? "" : key.StartsWith('+') ? key : "0" + key;
    }

    private static string DigitsOf(string? text, out bool international)
    {
        international = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '+' && sb.Length == 0)
            {
                international = true;
            }
            else if (c is >= '0' and <= '9')
            {
                sb.Append(c);
            }
            else if (c is >= '۰' and <= '۹')
            {
                sb.Append((char)('0' + (c - '۰')));
            }
            else if (c is >= '٠' and <= '٩')
            {
                sb.Append((char)('0' + (c - '٠')));
            }
        }

        return sb.ToString();
    }
}
