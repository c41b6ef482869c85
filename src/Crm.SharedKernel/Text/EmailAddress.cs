using System.Net.Mail;

namespace Crm.SharedKernel.Text;

/// <summary>Email addresses compare case-insensitively, without surrounding spaces or Persian digits.</summary>
public static class EmailAddress
{
    public static string Normalize(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "" : PersianTextDigits(text.Trim()).ToLowerInvariant();

    public static bool IsValid(string? text)
    {
        var value = Normalize(text);
        if (value.Length is 0 or > 254 || value.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        return MailAddress.TryCreate(value, out var parsed) && parsed.Address == value
            && value.IndexOf('@', StringComparison.Ordinal) is var at && at > 0 && value[(at + 1)..].Contains('.', StringComparison.Ordinal);
    }

    private static string PersianTextDigits(string text) => Localization.Digits.ToLatin(text);
}
