using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Contacts.Domain;
using Crm.Modules.Identity.Contracts;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Contacts.Features;

/// <summary>Creating, editing, deleting, restoring and merging contacts and organizations.</summary>
public sealed class ContactsService(DbContext db, ICurrentUser user, IMediator mediator, IDisplayFormatter format, IStringLocalizer<ContactsResources> l)
{
    public async Task<Contact?> FindContactAsync(Guid id, bool includeDeleted, CancellationToken cancellationToken)
    {
        var query = includeDeleted ? db.Set<Contact>().IgnoreQueryFilters() : db.Set<Contact>();
        var contact = await query.VisibleTo(user).Include(c => c.Phones).Include(c => c.Emails).Include(c => c.Addresses).Include(c => c.Employments)
            .AsSplitQuery().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return contact;
    }

    public async Task<Organization?> FindOrganizationAsync(Guid id, bool includeDeleted, CancellationToken cancellationToken)
    {
        var query = includeDeleted ? db.Set<Organization>().IgnoreQueryFilters() : db.Set<Organization>();
        return await query.VisibleTo(user).Include(o => o.Phones).Include(o => o.Emails).Include(o => o.Addresses)
            .AsSplitQuery().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
    }

    public async Task<SaveResult> SaveContactAsync(ContactEditModel model, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(model.FirstName) && string.IsNullOrWhiteSpace(model.LastName))
        {
            errors[nameof(model.LastName)] = l["Error_NameRequired"];
        }

        if (!string.IsNullOrWhiteSpace(model.NationalCode) && !IranianIds.IsValidNationalCode(model.NationalCode))
        {
            errors[nameof(model.NationalCode)] = l["Error_NationalCode"];
        }

        DateOnly? birthday = null;
        if (!string.IsNullOrWhiteSpace(model.Birthday))
        {
            if (format.TryParseDateInput(model.Birthday, out var parsed) && parsed <= format.Today())
            {
                birthday = parsed;
            }
            else
            {
                errors[nameof(model.Birthday)] = l["Error_Date"];
            }
        }

        if (model.Rating is < 0 or > 5)
        {
            errors[nameof(model.Rating)] = l["Error_Rating"];
        }

        CheckLength<Contact>(errors, nameof(model.FirstName), model.FirstName, nameof(Contact.FirstName));
        CheckLength<Contact>(errors, nameof(model.LastName), model.LastName, nameof(Contact.LastName));
        CheckLength<Contact>(errors, nameof(model.JobTitle), model.JobTitle, nameof(Contact.JobTitle));
        CheckLength<Contact>(errors, nameof(model.Segments), model.Segments, nameof(Contact.Segments));
        CheckLength<Contact>(errors, nameof(model.Notes), model.Notes, nameof(Contact.Notes));
        CheckLength<Organization>(errors, nameof(model.NewOrganizationName), model.NewOrganizationName, nameof(Organization.Name));
        for (var i = 0; i < model.Employments.Count; i++)
        {
            CheckLength<Employment>(errors, $"Employments[{i}].JobTitle", model.Employments[i].JobTitle, nameof(Employment.JobTitle));
        }

        ValidateChannels(model.Phones, model.Emails, model.Addresses, errors);
        var owner = await mediator.Send(new ResolveOwner(model.OwnerId), cancellationToken);
        if (!owner.Allowed)
        {
            errors[nameof(model.OwnerId)] = l["Error_Owner"];
        }

        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        var phones = model.Phones.Where(p => !string.IsNullOrWhiteSpace(p.Number)).ToList();
        var emails = model.Emails.Where(e => !string.IsNullOrWhiteSpace(e.Address)).ToList();
        if (!model.IgnoreDuplicates)
        {
            var name = PersianText.Key((model.FirstName + " " + model.LastName).Trim());
            var duplicates = await mediator.Send(new FindContactDuplicates(name,
                phones.Select(p => PhoneNumber.Normalize(p.Number)).ToList(),
                emails.Select(e => EmailAddress.Normalize(e.Address)).ToList(), model.Id), cancellationToken);
            if (duplicates.Count > 0)
            {
                return new SaveResult(null, errors, duplicates);
            }
        }

        Contact contact;
        if (model.Id is { } id)
        {
            contact = await FindContactAsync(id, false, cancellationToken) ?? throw new KeyNotFoundException();
            if (contact.Version != model.Version)
            {
                return SaveResult.Invalid(new() { [""] = l["Error_Concurrency"] });
            }

        }
        else
        {
            contact = new Contact();
            db.Add(contact);
        }

        contact.SetName(model.FirstName ?? "", model.LastName ?? "");
        contact.JobTitle = Clean(model.JobTitle);
        contact.NationalCode = string.IsNullOrWhiteSpace(model.NationalCode) ? null : IranianIds.Digits(model.NationalCode);
        contact.Birthday = birthday;
        contact.Source = model.Source;
        contact.Rating = model.Rating;
        contact.Segments = CleanSegments(model.Segments);
        contact.Notes = model.Notes?.Trim();
        contact.OwnerId = owner.OwnerId;
        contact.TeamId = owner.TeamId;
        ReplaceChannels(contact.Phones, contact.Emails, contact.Addresses, model.Phones, model.Emails, model.Addresses);
        contact.RefreshSummary();
        await SyncEmploymentsAsync(contact, model, cancellationToken);

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveResult.Invalid(new() { [""] = l["Error_Concurrency"] });
        }

        return new SaveResult(contact.Id, errors, []);
    }

    public async Task<SaveResult> SaveOrganizationAsync(OrganizationEditModel model, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(model.Name))
        {
            errors[nameof(model.Name)] = l["Error_NameRequired"];
        }

        if (!string.IsNullOrWhiteSpace(model.NationalId) && !IranianIds.IsValidLegalNationalId(model.NationalId))
        {
            errors[nameof(model.NationalId)] = l["Error_NationalId"];
        }

        if (!string.IsNullOrWhiteSpace(model.EconomicCode) && !IranianIds.IsValidEconomicCode(model.EconomicCode))
        {
            errors[nameof(model.EconomicCode)] = l["Error_EconomicCode"];
        }

        CheckLength<Organization>(errors, nameof(model.Name), model.Name, nameof(Organization.Name));
        CheckLength<Organization>(errors, nameof(model.Industry), model.Industry, nameof(Organization.Industry));
        CheckLength<Organization>(errors, nameof(model.Website), model.Website, nameof(Organization.Website));
        CheckLength<Organization>(errors, nameof(model.Segments), model.Segments, nameof(Organization.Segments));
        CheckLength<Organization>(errors, nameof(model.Notes), model.Notes, nameof(Organization.Notes));
        if (!string.IsNullOrWhiteSpace(model.Website) && !IsWebAddress(model.Website.Trim()))
        {
            errors.TryAdd(nameof(model.Website), l["Error_Website"]);
        }

        ValidateChannels(model.Phones, model.Emails, model.Addresses, errors);
        var owner = await mediator.Send(new ResolveOwner(model.OwnerId), cancellationToken);
        if (!owner.Allowed)
        {
            errors[nameof(model.OwnerId)] = l["Error_Owner"];
        }

        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        var nameKey = PersianText.Key(model.Name);
        var nationalId = string.IsNullOrWhiteSpace(model.NationalId) ? null : IranianIds.Digits(model.NationalId);
        if (!model.IgnoreDuplicates)
        {
            var duplicates = await db.Set<Organization>().Where(o => o.Id != model.Id && (o.NameKey == nameKey || (nationalId != null && o.NationalId == nationalId)))
                .Take(10).Select(o => new { o.Id, o.Name, o.PrimaryPhone, o.PrimaryEmail, o.NationalId, o.OwnerId, o.TeamId }).ToListAsync(cancellationToken);
            if (duplicates.Count > 0)
            {
                return new SaveResult(null, errors, duplicates.Select(d => new DuplicateMatch(d.Id, "/Contacts/Organizations/Details/" + d.Id, d.Name, d.PrimaryPhone, d.PrimaryEmail,
                    nationalId != null && d.NationalId == nationalId ? l["Reason_NationalId"] : l["Reason_Name"],
                    user.CanSee(d.OwnerId, d.TeamId))).ToList());
            }
        }

        Organization organization;
        if (model.Id is { } id)
        {
            organization = await FindOrganizationAsync(id, false, cancellationToken) ?? throw new KeyNotFoundException();
            if (organization.Version != model.Version)
            {
                return SaveResult.Invalid(new() { [""] = l["Error_Concurrency"] });
            }

        }
        else
        {
            organization = new Organization();
            db.Add(organization);
        }

        organization.SetName(model.Name!);
        organization.NationalId = nationalId;
        organization.EconomicCode = string.IsNullOrWhiteSpace(model.EconomicCode) ? null : IranianIds.Digits(model.EconomicCode);
        organization.Industry = Clean(model.Industry);
        organization.Website = model.Website?.Trim();
        organization.Source = model.Source;
        organization.Rating = Math.Clamp(model.Rating, 0, 5);
        organization.Segments = CleanSegments(model.Segments);
        organization.Notes = model.Notes?.Trim();
        organization.OwnerId = owner.OwnerId;
        organization.TeamId = owner.TeamId;
        ReplaceChannels(organization.Phones, organization.Emails, organization.Addresses, model.Phones, model.Emails, model.Addresses);
        organization.RefreshSummary();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveResult.Invalid(new() { [""] = l["Error_Concurrency"] });
        }

        return new SaveResult(organization.Id, errors, []);
    }

    /// <summary>
    /// Merges <paramref name="mergedId"/> into <paramref name="survivorId"/>: the survivor keeps its values, takes the other's
    /// where its own are empty (or where <paramref name="takeFromMerged"/> asks), and gains every phone, email, address and
    /// organization link it lacked. The merged contact is kept, deleted, pointing at the survivor; other modules are told.
    /// </summary>
    public async Task<bool> MergeContactsAsync(Guid survivorId, Guid mergedId, IReadOnlySet<string> takeFromMerged, CancellationToken cancellationToken)
    {
        var survivor = await FindContactAsync(survivorId, false, cancellationToken);
        var merged = await FindContactAsync(mergedId, false, cancellationToken);
        if (survivor is null || merged is null || survivor.Id == merged.Id)
        {
            return false;
        }

        string? Pick(string field, string? mine, string? theirs) =>
            takeFromMerged.Contains(field) || string.IsNullOrWhiteSpace(mine) ? (string.IsNullOrWhiteSpace(theirs) ? mine : theirs) : mine;

        survivor.SetName(Pick("FirstName", survivor.FirstName, merged.FirstName) ?? "", Pick("LastName", survivor.LastName, merged.LastName) ?? "");
        survivor.JobTitle = Pick("JobTitle", survivor.JobTitle, merged.JobTitle);
        survivor.NationalCode = Pick("NationalCode", survivor.NationalCode, merged.NationalCode);
        survivor.Birthday = takeFromMerged.Contains("Birthday") || survivor.Birthday is null ? merged.Birthday ?? survivor.Birthday : survivor.Birthday;
        survivor.Rating = Math.Max(survivor.Rating, merged.Rating);
        survivor.Segments = CleanSegments(string.Join(",", survivor.Segments, merged.Segments));
        survivor.Notes = string.Join("\n\n", new[] { survivor.Notes, merged.Notes }.Where(n => !string.IsNullOrWhiteSpace(n)));

        foreach (var phone in merged.Phones.Where(p => survivor.Phones.All(s => s.NumberKey != p.NumberKey)).ToList())
        {
            merged.Phones.Remove(phone);
            phone.ContactId = survivor.Id;
            phone.Position = survivor.Phones.Count;
            survivor.Phones.Add(phone);
        }

        foreach (var email in merged.Emails.Where(e => survivor.Emails.All(s => s.AddressKey != e.AddressKey)).ToList())
        {
            merged.Emails.Remove(email);
            email.ContactId = survivor.Id;
            email.Position = survivor.Emails.Count;
            survivor.Emails.Add(email);
        }

        foreach (var address in merged.Addresses.ToList())
        {
            merged.Addresses.Remove(address);
            address.ContactId = survivor.Id;
            address.Position = survivor.Addresses.Count;
            survivor.Addresses.Add(address);
        }

        foreach (var job in merged.Employments.Where(e => survivor.Employments.All(s => s.OrganizationId != e.OrganizationId)).ToList())
        {
            merged.Employments.Remove(job);
            survivor.Employments.Add(new Employment { OrganizationId = job.OrganizationId, JobTitle = job.JobTitle, IsPrimary = false });
        }

        survivor.RefreshSummary();
        merged.MergedIntoId = survivor.Id;
        db.Remove(merged);
        await db.SaveChangesAsync(cancellationToken);
        await mediator.Publish(new RecordsMerged(RecordTypes.Contact, survivor.Id, merged.Id), cancellationToken);
        return true;
    }

    private async Task SyncEmploymentsAsync(Contact contact, ContactEditModel model, CancellationToken cancellationToken)
    {
        var wanted = model.Employments.Where(e => e.OrganizationId != Guid.Empty).GroupBy(e => e.OrganizationId).Select(g => g.First()).ToList();
        if (!string.IsNullOrWhiteSpace(model.NewOrganizationName))
        {
            var key = PersianText.Key(model.NewOrganizationName);
            var existing = await db.Set<Organization>().VisibleTo(user).Where(o => o.NameKey == key).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken);
            if (existing is null)
            {
                var organization = new Organization { OwnerId = contact.OwnerId, TeamId = contact.TeamId, Source = contact.Source };
                organization.SetName(model.NewOrganizationName);
                db.Add(organization);
                existing = organization.Id;
            }

            wanted.Add(new EmploymentInput { OrganizationId = existing.Value, JobTitle = model.JobTitle });
        }

        foreach (var job in contact.Employments.Where(e => wanted.All(w => w.OrganizationId != e.OrganizationId)).ToList())
        {
            contact.Employments.Remove(job);
            db.Remove(job);
        }

        foreach (var w in wanted)
        {
            var job = contact.Employments.FirstOrDefault(e => e.OrganizationId == w.OrganizationId);
            if (job is null)
            {
                contact.Employments.Add(new Employment { OrganizationId = w.OrganizationId, JobTitle = Clean(w.JobTitle) });
            }
            else
            {
                job.JobTitle = Clean(w.JobTitle);
            }
        }

        for (var i = 0; i < contact.Employments.Count; i++)
        {
            contact.Employments[i].IsPrimary = i == 0;
        }
    }

    /// <summary>Replaces a record's phones, emails and addresses with the form's non-empty rows, in form order.</summary>
    private void ReplaceChannels(List<PhoneEntry> phones, List<EmailEntry> emails, List<PostalAddress> addresses,
        List<PhoneInput> phoneInputs, List<EmailInput> emailInputs, List<AddressInput> addressInputs)
    {
        db.RemoveRange(phones);
        db.RemoveRange(emails);
        db.RemoveRange(addresses);
        phones.Clear();
        emails.Clear();
        addresses.Clear();
        phones.AddRange(phoneInputs.Where(p => !string.IsNullOrWhiteSpace(p.Number)).Select((p, i) => PhoneEntry.Create(p.Type, p.Number!, i)));
        emails.AddRange(emailInputs.Where(e => !string.IsNullOrWhiteSpace(e.Address)).Select((e, i) => EmailEntry.Create(e.Type, e.Address!, i)));
        addresses.AddRange(addressInputs.Where(a => !string.IsNullOrWhiteSpace(a.City) || !string.IsNullOrWhiteSpace(a.Line) || !string.IsNullOrWhiteSpace(a.Province))
            .Select((a, i) => new PostalAddress { Type = a.Type, Province = a.Province, City = Clean(a.City), Line = Clean(a.Line), PostalCode = IranianIds.Digits(a.PostalCode), Position = i }));
    }

    /// <summary>Only web pages: a <c>javascript:</c> or <c>data:</c> address on a customer's page would run when clicked.</summary>
    internal static bool IsWebAddress(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;

    private void CheckLength<TEntity>(Dictionary<string, string> errors, string field, string? value, string property) =>
        db.CheckLength<TEntity>(errors, field, value, property, max => l["Error_TooLong", format.Number(max)]);

    private void ValidateChannels(List<PhoneInput> phones, List<EmailInput> emails, List<AddressInput> addresses, Dictionary<string, string> errors)
    {
        for (var i = 0; i < addresses.Count; i++)
        {
            CheckLength<PostalAddress>(errors, $"Addresses[{i}].City", addresses[i].City, nameof(PostalAddress.City));
            CheckLength<PostalAddress>(errors, $"Addresses[{i}].Line", addresses[i].Line, nameof(PostalAddress.Line));
            CheckLength<PostalAddress>(errors, $"Addresses[{i}].PostalCode", addresses[i].PostalCode, nameof(PostalAddress.PostalCode));
            CheckLength<PostalAddress>(errors, $"Addresses[{i}].Province", addresses[i].Province, nameof(PostalAddress.Province));
        }

        for (var i = 0; i < phones.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(phones[i].Number) && !PhoneNumber.IsValid(phones[i].Number))
            {
                errors[$"Phones[{i}].Number"] = l["Error_Phone"];
            }
        }

        for (var i = 0; i < emails.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(emails[i].Address) && !EmailAddress.IsValid(emails[i].Address))
            {
                errors[$"Emails[{i}].Address"] = l["Error_Email"];
            }
        }
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : PersianText.Clean(text);

    internal static string? CleanSegments(string? segments)
    {
        if (string.IsNullOrWhiteSpace(segments))
        {
            return null;
        }

        var parts = segments.Split([',', '،', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(PersianText.Clean).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }
}
