using System.Globalization;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Contacts.Domain;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Imports;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Contacts.Features;

/// <summary>
/// Imports people from a spreadsheet, a batch at a time. Duplicates are found by phone and email with one IN-list
/// query per batch (and against earlier rows of the same file); a company column links the person to the organization
/// of that name, which is created when there is none yet.
/// </summary>
public sealed class ContactImportTarget(DbContext db, AuditOptions audit, IDisplayFormatter format, IStringLocalizer<ContactsResources> l) : IImportTarget
{
    private LocalizedEnum<CustomerSource>? _sources;

    public string Key => "contacts";

    public Type ResourceType => typeof(ContactsResources);

    public string TitleKey => "Menu_Contacts";

    public string Permission => ContactsPermissions.Import;

    public string ListPath => "/Contacts/Contacts";

    public IReadOnlyList<ImportField> Fields { get; } =
    [
        new("FullName", "Field_Name", false, "name", "full name", "نام و نام خانوادگی", "نام کامل"),
        new("FirstName", "Field_FirstName", false, "first name", "firstname", "given name", "نام"),
        new("LastName", "Field_LastName", false, "last name", "lastname", "surname", "نام خانوادگی", "فامیلی"),
        new("Mobile", "Field_Mobile", false, "mobile", "cell", "موبایل", "شماره موبایل", "تلفن همراه", "همراه"),
        new("Phone", "Field_Phone", false, "phone", "tel", "telephone", "work phone", "تلفن", "تلفن ثابت", "شماره تماس"),
        new("Email", "Field_Email", false, "email", "e-mail", "mail", "ایمیل", "پست الکترونیک"),
        new("Organization", "Field_Organization", false, "company", "organization", "organisation", "شرکت", "سازمان"),
        new("JobTitle", "Field_JobTitle", false, "job title", "title", "position", "سمت", "عنوان شغلی"),
        new("City", "Field_City", false, "city", "شهر"),
        new("NationalCode", "Field_NationalCode", false, "national code", "national id", "کد ملی"),
        new("Birthday", "Field_Birthday", false, "birthday", "birth date", "date of birth", "تاریخ تولد"),
        new("Source", "Field_Source", false, "source", "منبع") { Choices = ImportChoice.ForEnum<CustomerSource>("Source_") },
        new("Segments", "Field_Segments", false, "segments", "groups", "group", "segment", "گروه", "گروه‌ها", "بخش"),
        new("Notes", "Field_Notes", false, "notes", "description", "توضیحات", "یادداشت"),
    ];

    public async Task<IReadOnlyList<ImportRowResult>> ImportBatchAsync(IReadOnlyList<ImportRow> rows, ImportContext context, CancellationToken cancellationToken)
    {
        audit.RecordChanges = false;
        var results = new ImportRowResult?[rows.Count];
        var parsed = new Contact?[rows.Count];
        var companies = new string?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            (parsed[i], var error) = Parse(rows[i]);
            companies[i] = rows[i]["Organization"];
            if (error is not null)
            {
                results[i] = new ImportRowResult(rows[i].RowNumber, ImportOutcome.Failed, error);
            }
        }

        var phoneKeys = parsed.Where(c => c is not null).SelectMany(c => c!.Phones.Select(p => p.NumberKey)).Distinct().ToList();
        var emailKeys = parsed.Where(c => c is not null).SelectMany(c => c!.Emails.Select(e => e.AddressKey)).Distinct().ToList();
        var phoneOwners = await db.Set<PhoneEntry>().Where(p => phoneKeys.Contains(p.NumberKey))
            .Join(db.Set<Contact>(), p => p.ContactId, c => (Guid?)c.Id, (p, c) => new { p.NumberKey, ContactId = c.Id }).ToListAsync(cancellationToken);
        var emailOwners = await db.Set<EmailEntry>().Where(e => emailKeys.Contains(e.AddressKey))
            .Join(db.Set<Contact>(), e => e.ContactId, c => (Guid?)c.Id, (e, c) => new { e.AddressKey, ContactId = c.Id }).ToListAsync(cancellationToken);
        var byKey = new Dictionary<string, Guid>();
        foreach (var match in phoneOwners)
        {
            byKey.TryAdd("p:" + match.NumberKey, match.ContactId);
        }

        foreach (var match in emailOwners)
        {
            byKey.TryAdd("e:" + match.AddressKey, match.ContactId);
        }

        var matchedIds = byKey.Values.Distinct().ToList();
        var existing = context.Duplicates == DuplicateMode.Update
            ? await db.Set<Contact>().Include(c => c.Phones).Include(c => c.Emails).Include(c => c.Addresses).AsSplitQuery().Where(c => matchedIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken)
            : [];
        var organizations = await OrganizationsAsync(companies.Where((c, i) => c is not null && parsed[i] is not null).Select(c => c!), context, cancellationToken);

        for (var i = 0; i < rows.Count; i++)
        {
            if (parsed[i] is not { } row)
            {
                continue;
            }

            var keys = row.Phones.Select(p => "p:" + p.NumberKey).Concat(row.Emails.Select(e => "e:" + e.AddressKey)).ToList();
            Guid? matchId = keys.Select(k => byKey.TryGetValue(k, out var id) ? id : (Guid?)null).FirstOrDefault(id => id is not null);
            if (matchId is null || context.Duplicates == DuplicateMode.Create)
            {
                row.OwnerId = context.UserId;
                row.TeamId = context.TeamId;
                row.ImportId = context.ImportId;
                if (companies[i] is { } company && organizations.TryGetValue(PersianText.Key(company), out var organization))
                {
                    row.Employments.Add(new Employment { OrganizationId = organization.Id, JobTitle = row.JobTitle, IsPrimary = true });
                }

                db.Add(row);
                foreach (var key in keys)
                {
                    byKey.TryAdd(key, row.Id);
                }

                results[i] = new ImportRowResult(rows[i].RowNumber, ImportOutcome.Created);
                continue;
            }

            var reason = l["Import_DuplicateOf", keys.First(k => byKey.ContainsKey(k)).StartsWith('p') ? l["Field_Phone"] : l["Field_Email"]];
            if (context.Duplicates == DuplicateMode.Skip || !existing.TryGetValue(matchId.Value, out var target))
            {
                results[i] = new ImportRowResult(rows[i].RowNumber, ImportOutcome.Skipped, reason);
                continue;
            }

            var visible = context.CanSee(target);
            if (!visible)
            {
                results[i] = new ImportRowResult(rows[i].RowNumber, ImportOutcome.Skipped, l["Import_NotYours"]);
                continue;
            }

            UpdateFrom(target, row);
            results[i] = new ImportRowResult(rows[i].RowNumber, ImportOutcome.Updated);
        }

        await db.SaveChangesAsync(cancellationToken);
        return results.Select(r => r!).ToList();
    }

    /// <summary>Fills the existing contact with the file's non-empty values and adds phones and emails it lacks.</summary>
    private static void UpdateFrom(Contact target, Contact row)
    {
        if (row.FullName.Length > 0)
        {
            target.SetName(row.FirstName, row.LastName);
        }

        foreach (var phone in row.Phones.Where(p => target.Phones.All(t => t.NumberKey != p.NumberKey)))
        {
            target.Phones.Add(PhoneEntry.Create(phone.Type, phone.Number, target.Phones.Count));
        }

        foreach (var email in row.Emails.Where(e => target.Emails.All(t => t.AddressKey != e.AddressKey)))
        {
            target.Emails.Add(EmailEntry.Create(email.Type, email.Address, target.Emails.Count));
        }

        target.JobTitle = row.JobTitle ?? target.JobTitle;
        target.NationalCode = row.NationalCode ?? target.NationalCode;
        target.Birthday = row.Birthday ?? target.Birthday;
        target.Segments = ContactsService.CleanSegments(string.Join(",", target.Segments, row.Segments));
        target.Notes = string.Join("\n\n", new[] { target.Notes, row.Notes }.Where(n => !string.IsNullOrWhiteSpace(n)));
        if (target.Addresses.Count == 0 && row.Addresses.FirstOrDefault() is { } address)
        {
            target.Addresses.Add(new PostalAddress { Type = address.Type, City = address.City, Position = 0 });
        }

        target.RefreshSummary();
    }

    /// <summary>The batch's organizations by name key: found by one IN-list query, the missing ones created for the importing user.</summary>
    private async Task<Dictionary<string, Organization>> OrganizationsAsync(IEnumerable<string> names, ImportContext context, CancellationToken cancellationToken)
    {
        var wanted = names.GroupBy(PersianText.Key).Where(g => g.Key.Length > 0).ToDictionary(g => g.Key, g => g.First());
        var keys = wanted.Keys.ToList();
        var found = await db.Set<Organization>().Where(o => keys.Contains(o.NameKey)).ToListAsync(cancellationToken);
        var result = found.GroupBy(o => o.NameKey).ToDictionary(g => g.Key, g => g.First());
        foreach (var (key, name) in wanted.Where(w => !result.ContainsKey(w.Key)))
        {
            var organization = new Organization { Source = CustomerSource.Import, OwnerId = context.UserId, TeamId = context.TeamId, ImportId = context.ImportId };
            organization.SetName(name);
            db.Add(organization);
            result[key] = organization;
        }

        return result;
    }

    private (Contact? Contact, string? Error) Parse(ImportRow row)
    {
        var contact = new Contact();
        var full = row["FullName"];
        var (first, last) = row["FirstName"] is null && row["LastName"] is null && full is not null
            ? PersianText.SplitFullName(full)
            : (row["FirstName"] ?? "", row["LastName"] ?? "");
        contact.SetName(first, last);
        if (contact.FullName.Length == 0)
        {
            return (null, l["Error_NameRequired"]);
        }

        foreach (var (field, type) in new[] { ("Mobile", PhoneType.Mobile), ("Phone", PhoneType.Work) })
        {
            if (row[field] is not { } number)
            {
                continue;
            }

            if (!PhoneNumber.IsValid(number))
            {
                return (null, l["Import_BadPhone", number]);
            }

            contact.Phones.Add(PhoneEntry.Create(type, number, contact.Phones.Count));
        }

        if (row["Email"] is { } email)
        {
            if (!EmailAddress.IsValid(email))
            {
                return (null, l["Import_BadEmail", email]);
            }

            contact.Emails.Add(EmailEntry.Create(EmailType.Work, email, 0));
        }

        if (row["NationalCode"] is { } code)
        {
            if (!IranianIds.IsValidNationalCode(code))
            {
                return (null, l["Error_NationalCode"]);
            }

            contact.NationalCode = IranianIds.Digits(code);
        }

        if (row["Birthday"] is { } birthday)
        {
            if (!format.TryParseDateInput(birthday, out var date) && !DateOnly.TryParse(birthday, CultureInfo.InvariantCulture, out date))
            {
                return (null, l["Error_Date"]);
            }

            contact.Birthday = date;
        }

        contact.Source = CustomerSource.Import;
        if (row["Source"] is { } source)
        {
            _sources ??= new LocalizedEnum<CustomerSource>(l, "Source_");
            if (_sources.Parse(source) is not { } parsed)
            {
                return (null, l["Import_BadSource", source.Length <= 50 ? source : source[..50] + "…"]);
            }

            contact.Source = parsed;
        }

        contact.JobTitle = row["JobTitle"] is { } title ? PersianText.Clean(title)[..Math.Min(100, PersianText.Clean(title).Length)] : null;
        contact.Segments = ContactsService.CleanSegments(row["Segments"]);
        contact.Notes = row["Notes"] is { } notes ? notes[..Math.Min(notes.Length, 4000)] : null;
        if (row["City"] is { } city)
        {
            var clean = PersianText.Clean(city);
            contact.Addresses.Add(new PostalAddress { Type = AddressType.Work, City = clean[..Math.Min(100, clean.Length)], Position = 0 });
        }

        contact.RefreshSummary();
        return (contact, null);
    }
}
