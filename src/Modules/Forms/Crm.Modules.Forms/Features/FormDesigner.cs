using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Crm.Modules.Forms.Domain;
using Crm.SharedKernel.Files;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Forms.Features;

/// <summary>What the designer sends: the form's settings, and its fields as JSON built by the designer's script.</summary>
public sealed class FormInput
{
    public Guid? Id { get; set; }

    public Guid Version { get; set; }

    /// <summary>Chosen when the form is made; a newsletter stays one.</summary>
    public FormKind Kind { get; set; }

    public string? Name { get; set; }

    public string? TitleFa { get; set; }

    public string? TitleEn { get; set; }

    public string? DescriptionFa { get; set; }

    public string? DescriptionEn { get; set; }

    public bool IsPublic { get; set; }

    public bool IsOpen { get; set; } = true;

    public bool AddToContacts { get; set; }

    public bool CreateLead { get; set; }

    public bool ShowOnPortal { get; set; }

    public bool CreatePortalAccount { get; set; }

    public bool RecordLocation { get; set; }

    public string? ThankYouFa { get; set; }

    public string? ThankYouEn { get; set; }

    public string? RedirectUrl { get; set; }

    public string? AllowedSites { get; set; }

    public bool NotifyStaff { get; set; }

    public int? MaxPerPerson { get; set; }

    public Guid? TeamId { get; set; }

    public string Fields { get; set; } = "[]";
}

/// <summary>
/// Saves a form from the designer after checking every field: keys, labels, choices, ranges, patterns that compile,
/// conditions on earlier fields, one status field filled by staff. A change of the fields writes a new version; the
/// settings alone do not.
/// </summary>
public sealed class FormDesigner(DbContext db, IClock clock, IStringLocalizer<FormsResources> l)
{
    private static readonly Regex KeyShape = new("^[a-z][a-z0-9_]{0,39}$", RegexOptions.CultureInvariant);
    private static readonly Regex OptionShape = new("^[a-z0-9_-]{1,40}$", RegexOptions.CultureInvariant);

    public static FormInput InputOf(Form form, string fields) => new()
    {
        Id = form.Id, Version = form.Version, Kind = form.Kind, Name = form.Name, TitleFa = form.TitleFa, TitleEn = form.TitleEn, DescriptionFa = form.DescriptionFa,
        DescriptionEn = form.DescriptionEn, IsPublic = form.IsPublic, IsOpen = form.IsOpen, AddToContacts = form.AddToContacts, CreateLead = form.CreateLead, ShowOnPortal = form.ShowOnPortal,
        CreatePortalAccount = form.CreatePortalAccount, RecordLocation = form.RecordLocation, ThankYouFa = form.ThankYouFa, ThankYouEn = form.ThankYouEn,
        RedirectUrl = form.RedirectUrl, AllowedSites = form.AllowedSites, NotifyStaff = form.NotifyStaff, MaxPerPerson = form.MaxPerPerson, TeamId = form.TeamId, Fields = fields,
    };

    public async Task<SaveResult> SaveAsync(FormInput input, Guid? userId, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var name = Required(input.Name, nameof(input.Name), Form.NameMaxLength, errors);
        var titleFa = Required(input.TitleFa, nameof(input.TitleFa), Form.NameMaxLength, errors);
        var titleEn = Optional(input.TitleEn, nameof(input.TitleEn), Form.NameMaxLength, errors) ?? "";
        var sites = Sites(input.AllowedSites, errors);
        var redirect = Optional(input.RedirectUrl, nameof(input.RedirectUrl), 500, errors);
        if (redirect is not null && !IsOnSites(redirect, sites))
        {
            errors[nameof(input.RedirectUrl)] = l["Error_RedirectSite"];
        }

        if (input.MaxPerPerson is < 1 or > 10_000)
        {
            errors[nameof(input.MaxPerPerson)] = l["Error_MaxPerPerson"];
        }

        var fields = FormFields.TryRead(input.Fields);
        if (fields is null)
        {
            errors[nameof(input.Fields)] = l["Error_Fields"];
        }
        else if (CheckFields(fields) is { } fieldError)
        {
            errors[nameof(input.Fields)] = fieldError;
        }
        else if (input.Kind == FormKind.Newsletter && !KeepsIssueFields(fields))
        {
            errors[nameof(input.Fields)] = l["Error_IssueFields"];
        }

        Form? form = null;
        if (input.Id is { } id)
        {
            form = await db.Set<Form>().FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
            if (form is null)
            {
                throw new KeyNotFoundException();
            }

            if (form.Version != input.Version)
            {
                errors[""] = l["Error_Concurrency"];
            }
        }

        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        if (form is null)
        {
            form = new Form { PublicKey = NewPublicKey(), OwnerId = userId, Kind = input.Kind };
            if (form.Kind == FormKind.Newsletter)
            {
                // The first template is in the language its author works in; they edit it from there.
                var persian = System.Globalization.CultureInfo.CurrentUICulture.Name.StartsWith("fa", StringComparison.OrdinalIgnoreCase);
                form.Template = NewsletterTemplate.Default(persian, l.InCulture(persian ? "fa" : "en", "ReadMore"));
            }

            db.Add(form);
        }
        else if (form.Kind != input.Kind)
        {
            return SaveResult.Invalid(new() { [""] = l["Error_Concurrency"] });
        }

        (form.Name, form.TitleFa, form.TitleEn) = (name!, titleFa!, titleEn);
        form.DescriptionFa = Optional(input.DescriptionFa, nameof(input.DescriptionFa), Form.TextMaxLength, errors);
        form.DescriptionEn = Optional(input.DescriptionEn, nameof(input.DescriptionEn), Form.TextMaxLength, errors);
        form.ThankYouFa = Optional(input.ThankYouFa, nameof(input.ThankYouFa), Form.TextMaxLength, errors);
        form.ThankYouEn = Optional(input.ThankYouEn, nameof(input.ThankYouEn), Form.TextMaxLength, errors);
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        // A newsletter's issues are written by staff: never open to the public, never a customer's.
        var newsletter = form.Kind == FormKind.Newsletter;
        (form.IsPublic, form.IsOpen, form.AddToContacts, form.ShowOnPortal) = (input.IsPublic && !newsletter, input.IsOpen, input.AddToContacts && !newsletter, input.ShowOnPortal && !newsletter);
        (form.CreatePortalAccount, form.RecordLocation, form.NotifyStaff) = (input.CreatePortalAccount && input.AddToContacts, input.RecordLocation, input.NotifyStaff);
        form.CreateLead = input.CreateLead && !newsletter;
        (form.RedirectUrl, form.AllowedSites, form.MaxPerPerson, form.TeamId) = (redirect, sites.Count == 0 ? null : string.Join('\n', sites), input.MaxPerPerson, input.TeamId);

        var json = FormFields.Write(fields!);
        var current = form.CurrentVersionId == Guid.Empty ? null
            : await db.Set<FormVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.Id == form.CurrentVersionId, cancellationToken);
        if (current?.Fields != json)
        {
            var version = new FormVersion { FormId = form.Id, Number = (current?.Number ?? 0) + 1, Fields = json, CreatedAt = clock.UtcNow };
            db.Add(version);
            form.CurrentVersionId = version.Id;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveResult.Invalid(new() { [""] = l["Error_Concurrency"] });
        }

        return new SaveResult(form.Id, new Dictionary<string, string>(), []);
    }

    /// <summary>Why the fields cannot be saved, or null when they can.</summary>
    public string? CheckFields(IReadOnlyList<FormField> fields)
    {
        if (fields.Count > FormField.MaxFields)
        {
            return l["Error_TooManyFields", FormField.MaxFields];
        }

        var seen = new Dictionary<string, FormField>(StringComparer.Ordinal);
        foreach (var (field, index) in fields.Select((f, i) => (f, i + 1)))
        {
            if (!Enum.IsDefined(field.Type) || !KeyShape.IsMatch(field.Key ?? "") || seen.ContainsKey(field.Key!))
            {
                return l["Error_FieldKey", index];
            }

            field.LabelFa = PersianText.Clean(field.LabelFa ?? "");
            field.LabelEn = PersianText.Clean(field.LabelEn ?? "");
            field.HelpFa = Trimmed(field.HelpFa);
            field.HelpEn = Trimmed(field.HelpEn);
            field.Default = Trimmed(field.Default);
            if (field.LabelFa.Length is 0 or > FormField.LabelMaxLength || field.LabelEn.Length > FormField.LabelMaxLength
                || field.HelpFa?.Length > FormField.HelpMaxLength || field.HelpEn?.Length > FormField.HelpMaxLength || field.Default?.Length > FormField.LabelMaxLength)
            {
                return l["Error_FieldLabel", index];
            }

            if (field.HasOptions != (field.Options.Count > 0) || field.Options.Count > FormField.MaxOptions
                || field.Options.Any(o => !OptionShape.IsMatch(o.Value ?? "") || PersianText.Clean(o.LabelFa ?? "").Length is 0 or > FormField.LabelMaxLength || (o.LabelEn?.Length ?? 0) > FormField.LabelMaxLength)
                || field.Options.Select(o => o.Value).Distinct().Count() != field.Options.Count)
            {
                return l["Error_FieldOptions", field.LabelFa];
            }

            if (field.MinLength is < 0 or > FieldRules.LongTextMaxLength || field.MaxLength is < 1 or > FieldRules.LongTextMaxLength
                || (field.MinLength > field.MaxLength) || (field.Min > field.Max)
                || field.Min is < -FieldRules.MaxAmount or > FieldRules.MaxAmount || field.Max is < -FieldRules.MaxAmount or > FieldRules.MaxAmount)
            {
                return l["Error_FieldRange", field.LabelFa];
            }

            if (!string.IsNullOrEmpty(field.Pattern) && (field.Pattern.Length > FormField.PatternMaxLength || !Compiles(field.Pattern)))
            {
                return l["Error_FieldPattern", field.LabelFa];
            }

            if (field.ShowWhen is { } when && (when.Field.Length > 0 || when.Value.Length > 0)
                && (!seen.TryGetValue(when.Field, out var other) || !(other.HasOptions ? other.Options.Any(o => o.Value == when.Value) : other.Type == FieldType.YesNo && when.Value is "true" or "false")))
            {
                return l["Error_FieldCondition", field.LabelFa];
            }

            if (field.IsStatus && (!field.StaffFills || !(field.HasOptions || field.Type == FieldType.ShortText)))
            {
                return l["Error_StatusField"];
            }

            if (field.Type == FieldType.File)
            {
                var types = FileTypes(field);
                if (types.Count == 0 || field.MaxKilobytes is < 1 or > FormUploads.MaxFileKilobytes || field.StaffFills)
                {
                    return l["Error_FieldFile", field.LabelFa];
                }

                field.FileTypes = string.Join(',', types);
            }

            seen[field.Key!] = field;
        }

        return fields.Count(f => f.IsStatus) > 1 ? l["Error_StatusField"].Value : null;
    }

    /// <summary>A newsletter keeps its issue's title and news items, with their types, filled by whoever writes the issue.</summary>
    private static bool KeepsIssueFields(IReadOnlyList<FormField> fields) =>
        fields.Any(f => f.Key == NewsletterIssue.TitleField && f.Type == FieldType.ShortText && !f.StaffFills && f.ShowWhen is not { Field.Length: > 0 })
        && fields.Any(f => f.Key == NewsletterIssue.ItemsField && f.Type == FieldType.NewsItems && !f.StaffFills && f.ShowWhen is not { Field.Length: > 0 })
        && fields.All(f => f.Key != NewsletterIssue.NumberField || f.Type == FieldType.Number)
        && fields.All(f => f.Key != NewsletterIssue.ImageField || f.Type == FieldType.Url);

    /// <summary>The extensions a file field takes: those it names that the platform takes at all, or all of those.</summary>
    public static IReadOnlyList<string> FileTypes(FormField field)
    {
        var named = (field.FileTypes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.StartsWith('.') ? e.ToLowerInvariant() : "." + e.ToLowerInvariant()).ToList();
        return named.Count == 0 ? [.. AttachmentTypes.Extensions] : [.. named.Where(e => AttachmentTypes.Extensions.Contains(e, StringComparer.OrdinalIgnoreCase)).Distinct()];
    }

    /// <summary>Whether an address is on one of the sites (same scheme, host and port).</summary>
    public static bool IsOnSites(string url, IReadOnlyList<string> sites) =>
        Uri.TryCreate(url, UriKind.Absolute, out var target) && target.Scheme is "https" or "http"
        && sites.Any(s => Uri.TryCreate(s, UriKind.Absolute, out var site) && site.Scheme == target.Scheme
            && string.Equals(site.Host, target.Host, StringComparison.OrdinalIgnoreCase) && site.Port == target.Port);

    private static string NewPublicKey() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static bool Compiles(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private string? Required(string? text, string key, int max, Dictionary<string, string> errors)
    {
        var clean = PersianText.Clean(text ?? "");
        if (clean.Length == 0 || clean.Length > max)
        {
            errors[key] = clean.Length == 0 ? l["Error_RequiredSetting"] : l["Error_SettingTooLong", max];
            return null;
        }

        return clean;
    }

    private string? Optional(string? text, string key, int max, Dictionary<string, string> errors)
    {
        var clean = text?.Trim();
        if (string.IsNullOrEmpty(clean))
        {
            return null;
        }

        if (clean.Length > max)
        {
            errors[key] = l["Error_SettingTooLong", max];
        }

        return clean;
    }

    /// <summary>The allowed sites as origins (https://example.com), one per line; anything else is refused.</summary>
    private List<string> Sites(string? text, Dictionary<string, string> errors)
    {
        var sites = new List<string>();
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(21))
        {
            if (sites.Count == 20 || !Uri.TryCreate(line, UriKind.Absolute, out var site) || site.Scheme is not ("https" or "http") || site.PathAndQuery.Length > 1 || !string.IsNullOrEmpty(site.UserInfo))
            {
                errors[nameof(FormInput.AllowedSites)] = l["Error_Sites"];
                return [];
            }

            sites.Add(site.GetLeftPart(UriPartial.Authority));
        }

        if (string.Join('\n', sites).Length > Form.SitesMaxLength)
        {
            errors[nameof(FormInput.AllowedSites)] = l["Error_Sites"];
        }

        return sites.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
