using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Crm.Modules.Forms.Domain;
using Crm.SharedKernel.Localization;
using Ganss.Xss;

namespace Crm.Modules.Forms.Features;

/// <summary>One issue of a newsletter as its template sees it.</summary>
public sealed record NewsletterIssue(string NewsletterTitle, string Title, string? Number, string? Image, DateOnly Date, IReadOnlyList<NewsItem> Items)
{
    /// <summary>The fields every newsletter keeps, by key: the issue's title and its news items; its number and main image may go.</summary>
    public const string TitleField = "title";
    public const string NumberField = "number";
    public const string ImageField = "image";
    public const string ItemsField = "items";

    public static NewsletterIssue From(string newsletterTitle, IReadOnlyDictionary<string, string> values, DateOnly date) => new(
        newsletterTitle,
        values.GetValueOrDefault(TitleField) ?? "",
        values.GetValueOrDefault(NumberField),
        values.GetValueOrDefault(ImageField),
        date,
        NewsItems.Read(values.GetValueOrDefault(ItemsField)));

    /// <summary>A submission of a newsletter as its issue, titled in <paramref name="culture"/> and dated in local time.</summary>
    public static NewsletterIssue Of(Form newsletter, FormSubmission submission, string culture, IDisplayFormatter fmt) => From(
        culture == "en" && newsletter.TitleEn.Length > 0 ? newsletter.TitleEn : newsletter.TitleFa,
        FormFields.ReadValues(submission.Values), DateOnly.FromDateTime(fmt.ToLocal(submission.CreatedAt)));

    /// <summary>The fields a new newsletter starts with.</summary>
    public static IReadOnlyList<FormField> Fields(Func<string, (string Fa, string En)> label) =>
    [
        new() { Key = TitleField, Type = FieldType.ShortText, Required = true, LabelFa = label("Issue_Title").Fa, LabelEn = label("Issue_Title").En },
        new() { Key = NumberField, Type = FieldType.Number, Min = 1, LabelFa = label("Issue_Number").Fa, LabelEn = label("Issue_Number").En },
        new() { Key = ImageField, Type = FieldType.Url, LabelFa = label("Issue_Image").Fa, LabelEn = label("Issue_Image").En },
        new() { Key = ItemsField, Type = FieldType.NewsItems, Required = true, LabelFa = label("Issue_Items").Fa, LabelEn = label("Issue_Items").En },
    ];
}

/// <summary>
/// A newsletter's HTML template. Placeholders are written <c>{{Issue.Title}}</c>; <c>{{#Items}}…{{/Items}}</c> repeats
/// its content for each news item, and <c>{{#Item.Image}}…{{/Item.Image}}</c> (any placeholder) shows its content only
/// when that value is there. Values are HTML-encoded where they go, and the whole rendered issue is sanitised (no
/// scripts, event attributes, forms or links other than http, https and mailto), so the preview is exactly what is sent.
/// </summary>
public static partial class NewsletterTemplate
{
    public const int SubjectMaxLength = 200;

    public static readonly IReadOnlyList<string> IssuePlaceholders = ["Newsletter.Title", "Issue.Title", "Issue.Number", "Issue.Image", "Issue.Date"];

    public static readonly IReadOnlyList<string> ItemPlaceholders = ["Item.Title", "Item.Text", "Item.Image", "Item.Link"];

    private const string ItemsSection = "Items";

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <summary>What a template gets wrong: unknown placeholders, an item's placeholder outside the items, sections not closed.</summary>
    public static IReadOnlyList<string> Problems(string? template)
    {
        if (string.IsNullOrEmpty(template))
        {
            return [];
        }

        var problems = new List<string>();
        var open = new Stack<string>();
        foreach (Match match in TagPattern().Matches(template))
        {
            var (mark, name) = (match.Groups[1].Value, match.Groups[2].Value);
            var known = name == ItemsSection ? mark.Length > 0 : IssuePlaceholders.Contains(name) || ItemPlaceholders.Contains(name);
            if (!known)
            {
                problems.Add(match.Value);
            }
            else if (ItemPlaceholders.Contains(name) && !open.Contains(ItemsSection))
            {
                problems.Add(match.Value);
            }
            else if (mark == "#")
            {
                open.Push(name);
            }
            else if (mark == "/" && (open.Count == 0 || open.Pop() != name))
            {
                problems.Add(match.Value);
            }
        }

        problems.AddRange(open.Select(name => "{{#" + name + "}}"));
        var withoutTags = TagPattern().Replace(template, "");
        if (withoutTags.Contains("{{", StringComparison.Ordinal) || withoutTags.Contains("}}", StringComparison.Ordinal))
        {
            problems.Add("{{ }}");
        }

        return problems.Distinct().ToList();
    }

    /// <summary>The issue in <paramref name="culture"/> (<c>fa</c> writes Persian digits and a Jalali date), sanitised.</summary>
    public static string Render(string template, NewsletterIssue issue, string culture)
    {
        var persian = culture.StartsWith("fa", StringComparison.OrdinalIgnoreCase);
        string Digits(string text) => persian ? Crm.SharedKernel.Localization.Digits.ToPersian(text) : text;
        var values = new Dictionary<string, string?>
        {
            ["Newsletter.Title"] = issue.NewsletterTitle,
            ["Issue.Title"] = issue.Title,
            ["Issue.Number"] = issue.Number is null ? null : Digits(issue.Number),
            ["Issue.Image"] = issue.Image,
            ["Issue.Date"] = persian ? Digits(JalaliDate.FormatLong(issue.Date)) : issue.Date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture),
        };

        var html = ItemsPattern().Replace(template, match => string.Concat(issue.Items.Select(item => Fill(match.Groups[1].Value, new Dictionary<string, string?>
        {
            ["Item.Title"] = item.Title,
            ["Item.Text"] = item.Text,
            ["Item.Image"] = item.Image,
            ["Item.Link"] = item.Link,
        }))));
        return Sanitizer.Sanitize(Fill(html, values));
    }

    /// <summary>What sanitising removes from a template rendered with a sample issue (tag and attribute names), to warn its author.</summary>
    public static IReadOnlyList<string> Removed(string template, NewsletterIssue sample)
    {
        var removed = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var sanitizer = CreateSanitizer();
        sanitizer.RemovingTag += (_, e) => removed.Add("<" + e.Tag.NodeName.ToLowerInvariant() + ">");
        sanitizer.RemovingAttribute += (_, e) => removed.Add(e.Attribute.Name);
        sanitizer.RemovingStyle += (_, e) => removed.Add("style: " + e.Style.Name);
        var items = ItemsPattern().Replace(template, match => string.Concat(sample.Items.Select(_ => match.Groups[1].Value)));
        sanitizer.Sanitize(TagPattern().Replace(items, "x"));
        return removed.Take(20).ToList();
    }

    /// <summary>A starting template for a language: a header with the issue's picture, then each item's picture, title, text and link.</summary>
    public static string Default(bool persian, string readMore)
    {
        var (dir, align) = persian ? ("rtl", "right") : ("ltr", "left");
        return $$$"""
            <div dir="{{{dir}}}" style="max-width:640px;margin:0 auto;font-family:Tahoma,Arial,sans-serif;color:#212529;text-align:{{{align}}}">
              <div style="background:#0d6efd;color:#ffffff;padding:16px 20px">
                <div style="font-size:14px">{{Newsletter.Title}} · {{Issue.Number}} · {{Issue.Date}}</div>
                <h1 style="font-size:24px;margin:8px 0 0">{{Issue.Title}}</h1>
              </div>
              {{#Issue.Image}}<img src="{{Issue.Image}}" alt="" style="width:100%;max-width:640px;display:block" />{{/Issue.Image}}
              {{#Items}}
              <div style="padding:16px 20px;border-bottom:1px solid #dee2e6">
                {{#Item.Image}}<img src="{{Item.Image}}" alt="" style="width:100%;max-width:600px;display:block;margin-bottom:8px" />{{/Item.Image}}
                <h2 style="font-size:18px;margin:0 0 8px">{{Item.Title}}</h2>
                {{#Item.Text}}<p style="margin:0 0 8px;line-height:1.8">{{Item.Text}}</p>{{/Item.Text}}
                {{#Item.Link}}<a href="{{Item.Link}}" style="color:#0d6efd">{{{readMore}}}</a>{{/Item.Link}}
              </div>
              {{/Items}}
            </div>
            """;
    }

    private static string Fill(string template, Dictionary<string, string?> values)
    {
        var shown = SectionPattern().Replace(template, match =>
            values.TryGetValue(match.Groups[1].Value, out var value) ? (string.IsNullOrWhiteSpace(value) ? "" : match.Groups[2].Value) : match.Value);
        return PlaceholderPattern().Replace(shown, match =>
        {
            if (!values.TryGetValue(match.Groups[1].Value, out var value))
            {
                return match.Value;
            }

            // Text keeps its line breaks; everything else is one encoded line.
            // Braces are written as references, so a value never reads as a placeholder of the issue around it.
            var encoded = WebUtility.HtmlEncode(value ?? "").Replace("{", "&#123;", StringComparison.Ordinal).Replace("}", "&#125;", StringComparison.Ordinal);
            return match.Groups[1].Value == "Item.Text" ? encoded.ReplaceLineEndings("<br />") : encoded;
        });
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedAttributes.Add("dir");
        return sanitizer;
    }

    [GeneratedRegex(@"\{\{([#/]?)([A-Za-z.]{1,40})\}\}")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\{\{([A-Za-z.]{1,40})\}\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"\{\{#(Issue\.[A-Za-z]{1,20}|Item\.[A-Za-z]{1,20}|Newsletter\.Title)\}\}(.*?)\{\{/\1\}\}", RegexOptions.Singleline, matchTimeoutMilliseconds: 2000)]
    private static partial Regex SectionPattern();

    [GeneratedRegex(@"\{\{#Items\}\}(.*?)\{\{/Items\}\}", RegexOptions.Singleline, matchTimeoutMilliseconds: 2000)]
    private static partial Regex ItemsPattern();
}
