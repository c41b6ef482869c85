using System.Globalization;
using System.Text.RegularExpressions;
using Crm.Modules.Forms.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Text;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Forms.Features;

/// <summary>What a field's check made of a typed value: the value to store ("" for none), or why it was refused.</summary>
public readonly record struct FieldCheck(string Value, string? Error)
{
    public static FieldCheck Ok(string value) => new(value, null);

    public static FieldCheck Refused(string error) => new("", error);
}

/// <summary>
/// Each field type's check of what a person typed, in any digit script (Persian, Arabic-Indic or Latin), and the form the
/// value is stored in: numbers in Latin digits with a point, dates as yyyy-MM-dd (typed as Jalali in Persian), mobiles
/// as 09…, emails in lower case, choices by their values. Error messages name the field, never the value typed.
/// </summary>
public sealed class FieldRules(IStringLocalizer<FormsResources> l, IDisplayFormatter fmt)
{
    public const int ShortTextMaxLength = 200;
    public const int LongTextMaxLength = 4000;
    public const int UrlMaxLength = 1000;

    /// <summary>The largest amount a form takes (a thousand trillion rials), so sums of many stay far from overflow.</summary>
    public const long MaxAmount = 1_000_000_000_000_000;

    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    public FieldCheck Check(FormField field, string? typed, string? typedTime = null)
    {
        var label = field.Label(fmt.IsPersian);
        var text = Clean(typed);
        if (!field.HoldsValue)
        {
            return FieldCheck.Ok("");
        }

        if (text.Length == 0 && (field.Type != FieldType.DateTime || Clean(typedTime).Length == 0))
        {
            return field.Required ? FieldCheck.Refused(l["Error_Required", label]) : FieldCheck.Ok("");
        }

        return field.Type switch
        {
            FieldType.ShortText => TextValue(field, PersianText.Clean(text), ShortTextMaxLength, label),
            FieldType.LongText => TextValue(field, text, LongTextMaxLength, label),
            FieldType.Number => NumberValue(field, text, label, wholeOnly: false),
            FieldType.Amount => NumberValue(field, text, label, wholeOnly: true),
            FieldType.Date => fmt.TryParseDateInput(text, out var date)
                ? InDateRange(field, date, label)
                : FieldCheck.Refused(l["Error_Date", label, fmt.DateInputHint]),
            FieldType.DateTime => DateTimeValue(field, text, Clean(typedTime), label),
            FieldType.YesNo => text is "true" or "on" or "yes" ? FieldCheck.Ok("true")
                : text is "false" or "no" ? (field.Required ? FieldCheck.Refused(l["Error_Required", label]) : FieldCheck.Ok("false"))
                : FieldCheck.Refused(l["Error_Choice", label]),
            FieldType.SingleChoice or FieldType.Dropdown => field.Options.Any(o => o.Value == text) ? FieldCheck.Ok(text) : FieldCheck.Refused(l["Error_Choice", label]),
            FieldType.MultipleChoice => ChoicesValue(field, text, label),
            FieldType.Mobile => PhoneNumber.IsIranianMobile(text) && Matches(field, "0" + PhoneNumber.Normalize(text))
                ? FieldCheck.Ok("0" + PhoneNumber.Normalize(text)) : FieldCheck.Refused(l["Error_Mobile", label]),
            FieldType.Email => EmailValue(field, text, label),
            FieldType.NationalId => IranianIds.IsValidNationalCode(text) && IranianIds.Digits(text).Length == Digits.ToLatin(text).Count(c => !char.IsWhiteSpace(c) && c != '-')
                ? FieldCheck.Ok(IranianIds.Digits(text)) : FieldCheck.Refused(l["Error_NationalId", label]),
            FieldType.PostalCode => PostalCodeValue(text, label),
            FieldType.Url => IsWebAddress(text) ? FieldCheck.Ok(text) : FieldCheck.Refused(l["Error_Url", label]),
            FieldType.NewsItems => NewsItemsValue(field, text, label),
            _ => FieldCheck.Refused(l["Error_Choice", label]),
        };
    }

    /// <summary>The whole of a form's answers checked in order: values of fields hidden by their condition are dropped, not checked.</summary>
    public (Dictionary<string, string> Values, Dictionary<string, string> Errors) CheckAll(IEnumerable<FormField> fields, Func<string, string?> typed)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in fields.Where(f => f.HoldsValue && f.Type != FieldType.File))
        {
            if (!FormFields.Shows(field, values))
            {
                continue;
            }

            var check = Check(field, typed(field.Key), field.Type == FieldType.DateTime ? typed(field.Key + ".time") : null);
            if (check.Error is { } error)
            {
                errors[field.Key] = error;
            }
            else if (check.Value.Length > 0)
            {
                values[field.Key] = check.Value;
            }
        }

        return (values, errors);
    }

    private static string Clean(string? typed) => (BidiControls.Strip(typed) ?? "").Trim();

    private FieldCheck TextValue(FormField field, string text, int ceiling, string label)
    {
        var max = Math.Min(field.MaxLength ?? ceiling, ceiling);
        if (text.Length > max)
        {
            return FieldCheck.Refused(l["Error_TooLong", label, fmt.Number(max)]);
        }

        if (field.MinLength is { } min && text.Length < min)
        {
            return FieldCheck.Refused(l["Error_TooShort", label, fmt.Number(min)]);
        }

        return Matches(field, text) ? FieldCheck.Ok(text) : FieldCheck.Refused(l["Error_Pattern", label]);
    }

    private FieldCheck NumberValue(FormField field, string text, string label, bool wholeOnly)
    {
        // Persian and Arabic-Indic digits, the Persian decimal mark and thousands separators as people type them.
        var latin = Digits.ToLatin(text).Replace('٫', '.').Replace("٬", "").Replace(",", "").Replace("،", "").Replace(" ", "");
        if (latin.Length > 30 || !decimal.TryParse(latin, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            || (wholeOnly && (number != decimal.Truncate(number) || number < 0 || number > MaxAmount)))
        {
            return FieldCheck.Refused(l[wholeOnly ? "Error_Amount" : "Error_Number", label]);
        }

        if ((field.Min is { } min && number < min) || (field.Max is { } max && number > max))
        {
            return FieldCheck.Refused((field.Min, field.Max) switch
            {
                ({ } from, { } to) => l["Error_Range", label, fmt.Number(from), fmt.Number(to)],
                ({ } from, null) => l["Error_Min", label, fmt.Number(from)],
                _ => l["Error_Max", label, fmt.Number(field.Max!.Value)],
            });
        }

        return FieldCheck.Ok(number.ToString(CultureInfo.InvariantCulture));
    }

    private FieldCheck InDateRange(FormField field, DateOnly date, string label)
    {
        // A date field's range is given as days from today: -36500..0 allows only past dates.
        var today = fmt.Today();
        if ((field.Min is { } min && date < today.AddDays((int)Math.Max(min, -100_000))) || (field.Max is { } max && date > today.AddDays((int)Math.Min(max, 100_000))))
        {
            return FieldCheck.Refused(l["Error_DateRange", label]);
        }

        return FieldCheck.Ok(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    private FieldCheck DateTimeValue(FormField field, string date, string time, string label)
    {
        if (!fmt.TryParseDateInput(date, out var day))
        {
            return FieldCheck.Refused(l["Error_Date", label, fmt.DateInputHint]);
        }

        if (!TimeOnly.TryParseExact(Digits.ToLatin(time), ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return FieldCheck.Refused(l["Error_Time", label]);
        }

        var inRange = InDateRange(field, day, label);
        return inRange.Error is null
            ? FieldCheck.Ok(fmt.ToUtc(day.ToDateTime(at)).ToString("yyyy-MM-ddTHH:mm'Z'", CultureInfo.InvariantCulture))
            : inRange;
    }

    private FieldCheck ChoicesValue(FormField field, string text, string label)
    {
        var chosen = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (chosen.Count > FormField.MaxOptions || chosen.Any(c => field.Options.All(o => o.Value != c)))
        {
            return FieldCheck.Refused(l["Error_Choice", label]);
        }

        if (field.Required && chosen.Count == 0)
        {
            return FieldCheck.Refused(l["Error_Required", label]);
        }

        // Stored in the order the form lists them, so equal answers are equal text.
        return FieldCheck.Ok(string.Join(',', field.Options.Select(o => o.Value).Where(chosen.Contains)));
    }

    private FieldCheck EmailValue(FormField field, string text, string label)
    {
        var email = EmailAddress.Normalize(text);
        return text.Length <= 254 && EmailAddress.IsValid(email) && Matches(field, email) ? FieldCheck.Ok(email) : FieldCheck.Refused(l["Error_Email", label]);
    }

    /// <summary>Ten digits, none of the first five a 0 or a 2 (the post's own rule for the area part).</summary>
    private FieldCheck PostalCodeValue(string text, string label)
    {
        var digits = Digits.ToLatin(text).Replace("-", "").Replace(" ", "");
        return digits.Length == 10 && digits.All(char.IsAsciiDigit) && digits[..5].All(c => c is not ('0' or '2'))
            ? FieldCheck.Ok(digits) : FieldCheck.Refused(l["Error_PostalCode", label]);
    }

    /// <summary>An absolute http or https address, at most <see cref="UrlMaxLength"/> long (what a newsletter's images and links may be).</summary>
    public static bool IsWebAddress(string? text) =>
        text is { Length: > 0 and <= UrlMaxLength } && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && !text.Any(char.IsWhiteSpace);

    private FieldCheck NewsItemsValue(FormField field, string json, string label)
    {
        var items = NewsItems.Read(json);
        if (items.Count > NewsItems.MaxItems)
        {
            return FieldCheck.Refused(l["Error_TooManyItems", label, fmt.Number(NewsItems.MaxItems)]);
        }

        var clean = new List<NewsItem>();
        foreach (var (item, i) in items.Select((item, i) => (item, i)))
        {
            var number = fmt.Number(i + 1);
            var title = PersianText.Clean(Clean(item.Title));
            var text = Clean(item.Text);
            var (image, link) = (Clean(item.Image), Clean(item.Link));
            if (title.Length == 0 || title.Length > NewsItem.TitleMaxLength)
            {
                return FieldCheck.Refused(l["Error_ItemTitle", label, number, fmt.Number(NewsItem.TitleMaxLength)]);
            }

            if (text.Length > NewsItem.TextMaxLength)
            {
                return FieldCheck.Refused(l["Error_ItemText", label, number, fmt.Number(NewsItem.TextMaxLength)]);
            }

            if ((image.Length > 0 && !IsWebAddress(image)) || (link.Length > 0 && !IsWebAddress(link)))
            {
                return FieldCheck.Refused(l["Error_ItemUrl", label, number]);
            }

            clean.Add(new NewsItem { Title = title, Text = text.Length == 0 ? null : text, Image = image.Length == 0 ? null : image, Link = link.Length == 0 ? null : link });
        }

        if (clean.Count == 0)
        {
            return field.Required ? FieldCheck.Refused(l["Error_Required", label]) : FieldCheck.Ok("");
        }

        return FieldCheck.Ok(NewsItems.Write(clean));
    }

    private static bool Matches(FormField field, string value)
    {
        if (string.IsNullOrEmpty(field.Pattern))
        {
            return true;
        }

        try
        {
            return Regex.IsMatch(value, "^(?:" + field.Pattern + ")$", RegexOptions.CultureInvariant, PatternTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
