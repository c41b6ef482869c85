using System.Security.Cryptography;
using System.Text;
using Crm.Modules.Campaigns.Contracts;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Forms.Domain;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Notifications.Contracts;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Files;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Forms.Features;

/// <summary>The bounds of a submission's files.</summary>
public static class FormUploads
{
    public const int MaxFileKilobytes = 10 * 1024;

    public const int MaxFiles = 10;

    public static string StoreName(Guid submissionId, Guid fileId) => $"forms/{submissionId:N}/{fileId:N}";
}

/// <summary>Bounds of submissions as a whole.</summary>
public static class FormSubmissions
{
    public const int MaxValuesLength = FormSubmissionsLimits.MaxValuesLength;

    /// <summary>A keyed hash of a value (an address, a token's one-time part), so the value itself is not kept.</summary>
    public static string Hash(string scope, string value) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\n" + value)));

    /// <summary>The searchable rows of a submission's values: text by its search key, choices one row each, all cut to the column.</summary>
    public static IEnumerable<FormSubmissionValue> SearchRows(FormSubmission submission, IEnumerable<FormField> fields, IReadOnlyDictionary<string, string> values)
    {
        // A newsletter's news items are read on the page, not searched for.
        foreach (var field in fields.Where(f => f.Type != FieldType.NewsItems))
        {
            if (!values.TryGetValue(field.Key, out var value) || value.Length == 0)
            {
                continue;
            }

            var parts = field.Type == FieldType.MultipleChoice ? value.Split(',') : [SearchValue(field, value)];
            foreach (var part in parts.Where(p => p.Length > 0).Distinct())
            {
                yield return new FormSubmissionValue { SubmissionId = submission.Id, FormId = submission.FormId, Field = field.Key, Value = part };
            }
        }
    }

    /// <summary>A value as the list's filter compares it: text by its search key (spelling and digits aside), the rest as stored.</summary>
    public static string SearchValue(FormField field, string value)
    {
        var key = field.Type is FieldType.ShortText or FieldType.LongText ? PersianText.Key(value) : value;
        return key.Length > FormSubmissionValue.MaxLength ? key[..FormSubmissionValue.MaxLength] : key;
    }
}

public sealed record SubmissionFile(string Field, string FileName, long Length, Func<Stream> Open);

public sealed record SubmissionLocation(double Latitude, double Longitude, double Accuracy)
{
    public bool IsValid => Latitude is >= -90 and <= 90 && Longitude is >= -180 and <= 180 && Accuracy is >= 0 and <= 1_000_000
        && !double.IsNaN(Latitude) && !double.IsNaN(Longitude);
}

/// <summary>
/// Sends a form: the answers to the fields the channel shows (the public form and the portal never see staff fields),
/// files checked by type and size, the person's limit, the contact found or created, and the submission with its
/// searchable values, in one transaction. A token key already used by the form fails the save on its unique index.
/// </summary>
public sealed record SubmitForm(
    Guid FormId,
    SubmissionChannel Channel,
    IReadOnlyDictionary<string, string?> Typed,
    IReadOnlyList<SubmissionFile> Files,
    SubmissionLocation? Location,
    string? SenderKey,
    string? TokenKey,
    Guid? UserId) : ICommand<SubmitOutcome>
{
    /// <summary>The form as the page already read it, so a post reads it once.</summary>
    public Form? Form { get; init; }

    /// <summary>The signed-in portal customer's contact, whom the submission belongs to whatever was typed.</summary>
    public Guid? CustomerContactId { get; init; }

    /// <summary>The campaign code the form's link carried (<c>?c=</c>), if any: a lead the answer makes is that campaign's.</summary>
    public string? CampaignCode { get; init; }
}

public sealed record SubmitOutcome(Guid? Id, IReadOnlyDictionary<string, string> Errors)
{
    public bool Done => Id is not null;

    /// <summary>The contact the submission landed on, if any.</summary>
    public Guid? ContactId { get; init; }

    public static SubmitOutcome Refused(string key, string error) => new(null, new Dictionary<string, string> { [key] = error });
}

public sealed class SubmitFormHandler(
    DbContext db,
    FieldRules rules,
    IFileStore files,
    IMediator mediator,
    IStringLocalizer<FormsResources> l,
    IDisplayFormatter fmt,
    AuditOptions audit) : IRequestHandler<SubmitForm, SubmitOutcome>
{
    public async ValueTask<SubmitOutcome> Handle(SubmitForm request, CancellationToken cancellationToken)
    {
        var form = request.Form is { } read && read.Id == request.FormId ? read
            : await db.Set<Form>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == request.FormId, cancellationToken) ?? throw new KeyNotFoundException();
        // A token already used is refused by the unique index on (form, token key) when the submission is saved; a post
        // with files looks first, so a page posted twice does not store its files twice.
        if (request.TokenKey is { } token && request.Files.Count > 0
            && await db.Set<FormSubmission>().Where(s => s.FormId == form.Id && s.TokenKey == token).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(cancellationToken) is { } earlier)
        {
            return new SubmitOutcome(earlier, new Dictionary<string, string>());
        }

        var fields = await SubmissionValues.FieldsAsync(db, form.CurrentVersionId, cancellationToken);
        var asked = request.Channel == SubmissionChannel.Staff ? fields : fields.Where(f => f.OnPublicForm).ToList();
        var (values, errors) = rules.CheckAll(asked, key => request.Typed.GetValueOrDefault(key));
        var uploads = CheckFiles(asked, values, request.Files, errors);
        if (errors.Count > 0)
        {
            return new SubmitOutcome(null, errors);
        }

        // A staff field's default (a status's first step) is its value until staff change it.
        foreach (var field in fields.Where(f => f.StaffFills && !asked.Contains(f) && !string.IsNullOrEmpty(f.Default) && rules.Check(f, f.Default).Error is null))
        {
            values[field.Key] = rules.Check(field, field.Default).Value;
        }

        var json = FormFields.WriteValues(values);
        if (json.Length > FormSubmissions.MaxValuesLength)
        {
            return SubmitOutcome.Refused("", l["Error_TooMuch"]);
        }

        var mobile = fields.Where(f => f.Type == FieldType.Mobile).Select(f => values.GetValueOrDefault(f.Key)).FirstOrDefault(v => v is not null);
        var email = fields.Where(f => f.Type == FieldType.Email).Select(f => values.GetValueOrDefault(f.Key)).FirstOrDefault(v => v is not null);
        var personKey = mobile is not null ? PhoneNumber.Normalize(mobile)
            : email ?? (request.UserId is { } user ? "user:" + user.ToString("N") : request.CustomerContactId is { } customerKey ? "contact:" + customerKey.ToString("N") : null);
        if (form.MaxPerPerson is { } max && personKey is not null
            && await db.Set<FormSubmission>().CountAsync(s => s.FormId == form.Id && s.PersonKey == personKey, cancellationToken) >= max)
        {
            return SubmitOutcome.Refused("", l["Error_PersonLimit", fmt.Number(max)]);
        }

        var submission = new FormSubmission
        {
            FormId = form.Id, VersionId = form.CurrentVersionId, Values = json, Channel = request.Channel, SenderKey = request.SenderKey, PersonKey = personKey,
            TokenKey = request.TokenKey, OwnerId = form.OwnerId, TeamId = form.TeamId,
            Status = fields.FirstOrDefault(f => f.IsStatus) is { } status ? values.GetValueOrDefault(status.Key) : null,
        };
        if (request.Location is { IsValid: true } at && form.RecordLocation)
        {
            (submission.Latitude, submission.Longitude, submission.Accuracy) = (Math.Round(at.Latitude, 6), Math.Round(at.Longitude, 6), Math.Round(at.Accuracy, 1));
        }

        if (request.CustomerContactId is { } customerId)
        {
            var customer = new RecordRef(RecordTypes.Contact, customerId);
            var name = (await mediator.Send(new GetBillingDetails([customer]), cancellationToken)).GetValueOrDefault(customer)?.Name ?? "";
            (submission.ContactId, submission.ContactName) = (customerId, TextLimits.Shorten(name, 200));
        }
        else if (form.AddToContacts && (mobile is not null || email is not null))
        {
            var contact = await ContactAsync(form, fields, values, mobile, email, cancellationToken);
            (submission.ContactId, submission.ContactName) = (contact.ContactId, TextLimits.Shorten(contact.Name, 200));
            if (contact.OwnerId is not null)
            {
                (submission.OwnerId, submission.TeamId) = (contact.OwnerId, contact.TeamId);
            }
        }

        if (form.CreateLead && (mobile is not null || email is not null))
        {
            var person = PersonOf(fields, values, mobile, email);
            var campaign = await mediator.Send(new FindCampaignByCode(request.CampaignCode), cancellationToken);
            await mediator.Send(new CaptureLead(person.First, person.Last, mobile, email, person.JobTitle, person.City, (int)CustomerSource.Website,
                form.OwnerId, form.TeamId, l["ContactNote", form.Name], campaign), cancellationToken);
        }

        db.Add(submission);
        db.AddRange(FormSubmissions.SearchRows(submission, fields, values));
        foreach (var upload in uploads)
        {
            var file = new FormSubmissionFile { SubmissionId = submission.Id, Field = upload.Field, FileName = upload.Name, ContentType = upload.ContentType, Length = upload.Source.Length };
            file.StoreName = FormUploads.StoreName(submission.Id, file.Id);
            await using (var content = upload.Source.Open())
            {
                await files.SaveAsync(file.StoreName, content, cancellationToken);
            }

            db.Add(file);
        }

        if (form.NotifyStaff)
        {
            await NotifyAsync(form, submission, cancellationToken);
        }

        // The submission is its own record of what was sent, when and through which channel, and a contact it created
        // records the form in its notes; the audit trail follows the changes staff make to them later.
        audit.RecordChanges = false;

        return new SubmitOutcome(submission.Id, new Dictionary<string, string>()) { ContactId = submission.ContactId };
    }

    private sealed record Upload(string Field, string Name, string ContentType, SubmissionFile Source);

    /// <summary>Each shown file field's upload: of a type the field takes (by name and first bytes) and within its size.</summary>
    private List<Upload> CheckFiles(IReadOnlyList<FormField> asked, IReadOnlyDictionary<string, string> values, IReadOnlyList<SubmissionFile> sent, Dictionary<string, string> errors)
    {
        var uploads = new List<Upload>();
        foreach (var field in asked.Where(f => f.Type == FieldType.File && FormFields.Shows(f, values)))
        {
            var label = field.Label(fmt.IsPersian);
            var file = sent.FirstOrDefault(f => f.Field == field.Key && f.Length > 0);
            if (file is null)
            {
                if (field.Required)
                {
                    errors[field.Key] = l["Error_Required", label];
                }

                continue;
            }

            var types = FormDesigner.FileTypes(field);
            var maxBytes = (long)Math.Min(field.MaxKilobytes ?? FormUploads.MaxFileKilobytes, FormUploads.MaxFileKilobytes) * 1024;
            if (file.Length > maxBytes)
            {
                errors[field.Key] = l["Error_FileSize", label, fmt.Number(maxBytes / 1024)];
                continue;
            }

            var name = AttachmentTypes.CleanName(file.FileName);
            var head = new byte[AttachmentTypes.HeadLength];
            int read;
            using (var stream = file.Open())
            {
                read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            }

            if (!types.Contains(Path.GetExtension(name).ToLowerInvariant()) || AttachmentTypes.ContentTypeOf(name, head.AsMemory(0, read)) is not { } contentType)
            {
                errors[field.Key] = l["Error_FileType", label, string.Join(" ", types)];
                continue;
            }

            uploads.Add(new Upload(field.Key, name, contentType, file));
        }

        if (uploads.Count > FormUploads.MaxFiles)
        {
            errors[""] = l["Error_TooMuch"];
        }

        return uploads;
    }

    /// <summary>The contact with the submitted mobile (else email), by the same normalised keys duplicate checks use, else a new one.</summary>
    private async Task<FoundContact> ContactAsync(Form form, IReadOnlyList<FormField> fields, IReadOnlyDictionary<string, string> values, string? mobile, string? email, CancellationToken cancellationToken)
    {
        var phoneKey = mobile is null ? null : PhoneNumber.Normalize(mobile);
        var emailKey = email is null ? null : EmailAddress.Normalize(email);
        if (await mediator.Send(new FindContactByKeys(phoneKey, emailKey), cancellationToken) is { } known)
        {
            return known;
        }

        var person = PersonOf(fields, values, mobile, email);
        var id = await mediator.Send(new CreateContact(person.First, person.Last, mobile, email, person.JobTitle, person.City,
            CustomerSource.Website, form.OwnerId, form.TeamId, null, l["ContactNote", form.Name]), cancellationToken);
        return new FoundContact(id, PersianText.Clean(person.First + " " + person.Last), null, null);
    }

    private sealed record Person(string First, string Last, string? JobTitle, string? City);

    /// <summary>Who answered, from the fields that map to a contact's name, job and city; with no name, the mobile or email names them.</summary>
    private static Person PersonOf(IReadOnlyList<FormField> fields, IReadOnlyDictionary<string, string> values, string? mobile, string? email)
    {
        string? Part(ContactPart part) =>
            fields.Where(f => f.ContactPart == part).Select(f => values.GetValueOrDefault(f.Key)).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) is { } v
                ? TextLimits.Shorten(PersianText.Clean(v), 100) : null;

        var (first, last) = (Part(ContactPart.FirstName), Part(ContactPart.LastName));
        if (first is null && last is null && Part(ContactPart.FullName) is { } full)
        {
            (first, last) = PersianText.SplitFullName(full);
        }

        last = string.IsNullOrWhiteSpace(last) ? (string.IsNullOrWhiteSpace(first) ? mobile ?? email!.Split('@')[0] : first) : last;
        first = last == first ? "" : first ?? "";
        return new Person(TextLimits.Shorten(first, 100), TextLimits.Shorten(last, 100), Part(ContactPart.JobTitle), Part(ContactPart.City));
    }

    private async Task NotifyAsync(Form form, FormSubmission submission, CancellationToken cancellationToken)
    {
        var told = new HashSet<Guid>();
        if (submission.OwnerId is { } owner)
        {
            told.Add(owner);
        }

        if (form.TeamId is { } team)
        {
            foreach (var member in await mediator.Send(new ListUsers(team), cancellationToken))
            {
                told.Add(member.Id);
            }
        }

        if (told.Count > 0)
        {
            string In(string culture) => l.InCulture(culture, "Notice_Submitted", form.Name, submission.ContactName ?? "");
            await mediator.Send(new Notify(told, new LocalText(In(SupportedCultures.Persian), In(SupportedCultures.English)), FormLinks.Submission(submission.Id)), cancellationToken);
        }
    }
}

public static class FormLinks
{
    public static string Submission(Guid id) => "/Forms/Submissions/Details/" + id;

    public static string Public(string key) => "/f/" + key;
}
