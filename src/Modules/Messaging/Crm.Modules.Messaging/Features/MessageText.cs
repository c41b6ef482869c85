using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Crm.SharedKernel.Localization;

namespace Crm.Modules.Messaging.Features;

/// <summary>How a placeholder's value is written: as it is, as an amount of money, or as a date.</summary>
public enum PlaceholderKind
{
    Text,
    Amount,
    Date,
}

/// <summary>
/// Templates with <c>{{Record.Field}}</c> placeholders. The names a template may use are fixed here, so a template
/// with a misspelt or unknown placeholder is refused when it is saved, never discovered when it is sent.
/// </summary>
public static partial class MessageText
{
    public static readonly IReadOnlyDictionary<string, PlaceholderKind> Placeholders = new Dictionary<string, PlaceholderKind>(StringComparer.Ordinal)
    {
        ["Contact.FirstName"] = PlaceholderKind.Text,
        ["Contact.LastName"] = PlaceholderKind.Text,
        ["Contact.FullName"] = PlaceholderKind.Text,
        ["Lead.FullName"] = PlaceholderKind.Text,
        ["Lead.Company"] = PlaceholderKind.Text,
        ["Organization.Name"] = PlaceholderKind.Text,
        ["User.DisplayName"] = PlaceholderKind.Text,
        ["Invoice.Number"] = PlaceholderKind.Text,
        ["Invoice.Amount"] = PlaceholderKind.Amount,
        ["Invoice.AmountDue"] = PlaceholderKind.Amount,
        ["Invoice.DueDate"] = PlaceholderKind.Date,
        // A link that opens the one document for its customer (the portal's document link); empty when there is none.
        ["Invoice.Link"] = PlaceholderKind.Text,
        ["Quote.Number"] = PlaceholderKind.Text,
        ["Quote.Total"] = PlaceholderKind.Amount,
        ["Quote.ValidUntil"] = PlaceholderKind.Date,
        ["Quote.Link"] = PlaceholderKind.Text,
        ["Company.Name"] = PlaceholderKind.Text,
        ["Customer.Name"] = PlaceholderKind.Text,
        ["UnsubscribeUrl"] = PlaceholderKind.Text,
    };

    /// <summary>The placeholders a template uses that do not exist, and "{{" or "}}" left unpaired.</summary>
    public static IReadOnlyList<string> Problems(string? template)
    {
        if (string.IsNullOrEmpty(template))
        {
            return [];
        }

        var problems = PlaceholderPattern().Matches(template)
            .Select(m => m.Groups[1].Value)
            .Where(name => !Placeholders.ContainsKey(name))
            .Distinct()
            .Select(name => "{{" + name + "}}")
            .ToList();
        var withoutPlaceholders = PlaceholderPattern().Replace(template, "");
        if (withoutPlaceholders.Contains("{{", StringComparison.Ordinal) || withoutPlaceholders.Contains("}}", StringComparison.Ordinal))
        {
            problems.Add("{{ }}");
        }

        return problems;
    }

    /// <summary>Fills the placeholders; values are written for <paramref name="culture"/> and HTML-encoded when <paramref name="html"/>.</summary>
    public static string Render(string template, IReadOnlyDictionary<string, object?> values, string culture, bool html) =>
        PlaceholderPattern().Replace(template, match =>
        {
            var name = match.Groups[1].Value;
            var text = Format(values.GetValueOrDefault(name), Placeholders.GetValueOrDefault(name), culture);
            return html ? WebUtility.HtmlEncode(text) : text;
        });

    public static string Format(object? value, PlaceholderKind kind, string culture)
    {
        var persian = culture.StartsWith("fa", StringComparison.OrdinalIgnoreCase);
        var text = value switch
        {
            null => "",
            DateOnly date => persian ? JalaliDate.Format(date) : date.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
            DateTime time => persian ? JalaliDate.Format(DateOnly.FromDateTime(time)) : time.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
            decimal or long or int or double => Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString(kind == PlaceholderKind.Amount ? "#,0.##" : "0.##", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        // Persian readers expect Persian digits and the Persian thousands separator.
        return persian && value is not string ? Digits.ToPersian(text.Replace(',', '٬')) : text;
    }

    /// <summary>
    /// The length of an SMS and how many parts it is billed as: GSM 7-bit text fits 160 characters (153 a part when
    /// split); anything else, Persian included, is sent as UCS-2: 70 characters (67 a part).
    /// </summary>
    public static (int Characters, int Parts, bool Unicode) SmsParts(string? text)
    {
        text ??= "";
        var unicode = text.Any(c => !Gsm7Basic.Contains(c) && !Gsm7Extension.Contains(c));
        var length = unicode ? text.Length : text.Sum(c => Gsm7Extension.Contains(c) ? 2 : 1);
        var (single, multi) = unicode ? (70, 67) : (160, 153);
        var parts = length == 0 ? 0 : length <= single ? 1 : (length + multi - 1) / multi;
        return (length, parts, unicode);
    }

    /// <summary>The plain-text part of an HTML email: paragraphs and line breaks kept, links written out.</summary>
    public static string HtmlToText(string html)
    {
        var text = LinkPattern().Replace(html, m => m.Groups[2].Value.Trim() == m.Groups[1].Value ? m.Groups[1].Value : $"{m.Groups[2].Value} ({m.Groups[1].Value})");
        text = BreakPattern().Replace(text, "\n");
        text = BlockEndPattern().Replace(text, "\n\n");
        text = TagPattern().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        var lines = text.Split('\n').Select(l => SpacesPattern().Replace(l, " ").Trim());
        var result = new StringBuilder();
        var blank = 0;
        foreach (var line in lines)
        {
            blank = line.Length == 0 ? blank + 1 : 0;
            if (blank <= 1)
            {
                result.Append(line).Append('\n');
            }
        }

        return result.ToString().Trim();
    }

    private const string Gsm7Basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Gsm7Extension = "^{}\\[~]|€\f";

    [GeneratedRegex(@"\{\{\s*([A-Za-z]+(?:\.[A-Za-z]+)*)\s*\}\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex("<a\\s[^>]*href=\"([^\"]*)\"[^>]*>(.*?)</a>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex BreakPattern();

    [GeneratedRegex(@"</(p|div|h[1-6]|li|tr|table)>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEndPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"[ \t\r]+")]
    private static partial Regex SpacesPattern();
}
