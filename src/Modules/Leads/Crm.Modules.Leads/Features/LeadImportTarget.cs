using System.Globalization;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Leads.Domain;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Imports;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Leads.Features;

/// <summary>
/// Imports leads from a spreadsheet, a batch at a time: each row is validated, checked against existing leads and
/// contacts (by mobile and email, one IN-list query per batch) and against earlier rows of the same file, then
/// skipped, updated or created as the user chose. New leads go to the importing user, or in turn to the members of
/// their team when the team shares leads by round robin. New leads are written by the bulk inserter and the updates
/// by a save, in one transaction per batch.
/// </summary>
public sealed class LeadImportTarget(
    DbContext db,
    IMediator mediator,
    RoundRobin roundRobin,
    IBulkInserter bulk,
    AuditOptions audit,
    IStringLocalizer<LeadsResources> l) : IImportTarget
{
    public string Key => "leads";

    public Type ResourceType => typeof(LeadsResources);

    public string TitleKey => "Menu_Leads";

    public string Permission => LeadsPermissions.Import;

    public string ListPath => "/Leads/Leads";

    public IReadOnlyList<ImportField> Fields { get; } =
    [
        new("FullName", "Field_FullName", false, "name", "full name", "نام و نام خانوادگی", "نام کامل", "مشتری", "customer"),
        new("FirstName", "Field_FirstName", false, "first name", "firstname", "given name", "نام"),
        new("LastName", "Field_LastName", false, "last name", "lastname", "surname", "family", "نام خانوادگی", "فامیلی"),
        new("Mobile", "Field_Mobile", false, "mobile", "mobile number", "phone", "cell", "tel", "موبایل", "شماره موبایل", "تلفن همراه", "همراه", "تلفن", "شماره تماس", "شماره"),
        new("Email", "Field_Email", false, "email", "e-mail", "mail", "ایمیل", "پست الکترونیک", "رایانامه"),
        new("Company", "Field_Company", false, "company", "organization", "organisation", "شرکت", "سازمان", "نام شرکت"),
        new("JobTitle", "Field_JobTitle", false, "job title", "title", "position", "سمت", "عنوان شغلی"),
        new("City", "Field_City", false, "city", "شهر"),
        new("Source", "Field_Source", false, "source", "lead source", "منبع", "منبع آشنایی") { Choices = ImportChoice.ForEnum<CustomerSource>("Source_") },
        new("Rating", "Field_Rating", false, "rating", "stars", "امتیاز"),
        new("Notes", "Field_Notes", false, "notes", "note", "description", "comments", "توضیحات", "یادداشت"),
    ];

    private LocalizedEnum<CustomerSource>? _sources;

    public async Task<IReadOnlyList<ImportRowResult>> ImportBatchAsync(IReadOnlyList<ImportRow> rows, ImportContext context, CancellationToken cancellationToken)
    {
        // The import stores its run id on every lead; a field-level audit entry per row would only repeat that.
        audit.RecordChanges = false;
        var results = new ImportRowResult?[rows.Count];
        var parsed = new Lead?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            (parsed[i], var error) = Parse(rows[i]);
            if (error is not null)
            {
                results[i] = new ImportRowResult(rows[i].RowNumber, ImportOutcome.Failed, error);
            }
        }

        var candidates = parsed.Where(p => p is not null).Select(p => p!).ToList();
        var mobiles = candidates.Where(p => p.MobileKey is not null).Select(p => p.MobileKey!).Distinct().ToList();
        var emails = candidates.Where(p => p.EmailKey is not null).Select(p => p.EmailKey!).Distinct().ToList();
        // Two IN lists, one per index, rather than one OR that a planner may answer with a table scan.
        var existing = await db.Set<Lead>().Where(x => x.MobileKey != null && mobiles.Contains(x.MobileKey)).ToListAsync(cancellationToken);
        existing.AddRange(await db.Set<Lead>().Where(x => x.EmailKey != null && emails.Contains(x.EmailKey)).ToListAsync(cancellationToken));
        var byMobile = existing.Where(x => x.MobileKey is not null).GroupBy(x => x.MobileKey!).ToDictionary(g => g.Key, g => g.First());
        var byEmail = existing.Where(x => x.EmailKey is not null).GroupBy(x => x.EmailKey!).ToDictionary(g => g.Key, g => g.First());
        var contacts = await mediator.Send(new FindContactKeys(mobiles, emails), cancellationToken);

        var created = new List<Lead>();
        var updated = new List<Lead>();
        var createdNow = new HashSet<Lead>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < rows.Count; i++)
        {
            if (parsed[i] is not { } row)
            {
                continue;
            }

            var match = (row.MobileKey is { } m ? byMobile.GetValueOrDefault(m) : null) ?? (row.EmailKey is { } e ? byEmail.GetValueOrDefault(e) : null);
            var isContact = (row.MobileKey is { } cm && contacts.PhoneKeys.Contains(cm)) || (row.EmailKey is { } ce && contacts.EmailKeys.Contains(ce));
            results[i] = Decide(rows[i].RowNumber, row, match, match is not null && createdNow.Contains(match), isContact, context);
            if (results[i]!.Outcome == ImportOutcome.Updated)
            {
                updated.Add(match!);
            }

            if (results[i]!.Outcome == ImportOutcome.Created)
            {
                row.Status = LeadStatus.New;
                row.ImportId = context.ImportId;
                created.Add(row);
                createdNow.Add(row);

                // Later rows of the same file that repeat this person are duplicates of it.
                if (row.MobileKey is { } newMobile)
                {
                    byMobile.TryAdd(newMobile, row);
                }

                if (row.EmailKey is { } newEmail)
                {
                    byEmail.TryAdd(newEmail, row);
                }
            }
        }

        await AssignOwnersAsync(created, context, cancellationToken);
        // Inside the runner's transaction when there is one, so the rows commit with the run's progress.
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await using (own)
        {
            await bulk.InsertAsync(created, cancellationToken);
            await LeadWords.InsertAsync(bulk, created, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await LeadWords.RefreshAsync(db, updated, cancellationToken);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }
        }

        return results.Select(r => r!).ToList();
    }

    private ImportRowResult Decide(int rowNumber, Lead row, Lead? match, bool matchIsFromThisFile, bool isContact, ImportContext context)
    {
        if (context.Duplicates == DuplicateMode.Create || (match is null && !isContact))
        {
            return new ImportRowResult(rowNumber, ImportOutcome.Created);
        }

        if (match is null)
        {
            return new ImportRowResult(rowNumber, ImportOutcome.Skipped, l["Import_AlreadyContact"]);
        }

        var reason = l["Import_DuplicateOf", match.MobileKey is not null && match.MobileKey == row.MobileKey ? l["Field_Mobile"] : l["Field_Email"]];
        if (context.Duplicates == DuplicateMode.Skip)
        {
            return new ImportRowResult(rowNumber, ImportOutcome.Skipped, reason);
        }

        var visible = context.CanSee(match);
        if (!visible || match.Status == LeadStatus.Converted || matchIsFromThisFile)
        {
            return new ImportRowResult(rowNumber, ImportOutcome.Skipped, visible ? reason : l["Import_NotYours"]);
        }

        UpdateFrom(match, row);
        return new ImportRowResult(rowNumber, ImportOutcome.Updated);
    }

    /// <summary>Fills the existing lead with the file's non-empty values; nothing already there is blanked.</summary>
    private static void UpdateFrom(Lead target, Lead row)
    {
        if (row.FullName.Length > 0)
        {
            target.SetName(row.FirstName, row.LastName);
        }

        if (row.Mobile is not null)
        {
            target.SetMobile(row.Mobile);
        }

        if (row.Email is not null)
        {
            target.SetEmail(row.Email);
        }

        if (row.Company is not null)
        {
            target.SetCompany(row.Company);
        }

        target.JobTitle = row.JobTitle ?? target.JobTitle;
        target.City = row.City ?? target.City;
        target.Rating = row.Rating > 0 ? row.Rating : target.Rating;
        if (row.Notes is not null)
        {
            target.Notes = string.IsNullOrWhiteSpace(target.Notes) ? row.Notes : target.Notes + "\n\n" + row.Notes;
        }
    }

    private async Task AssignOwnersAsync(List<Lead> created, ImportContext context, CancellationToken cancellationToken)
    {
        var owners = context.TeamId is { } team && created.Count > 0 ? await roundRobin.NextAsync(team, created.Count, cancellationToken) : [];
        for (var i = 0; i < created.Count; i++)
        {
            created[i].OwnerId = owners.Count > 0 ? owners[i] : context.UserId;
            created[i].TeamId = context.TeamId;
        }
    }

    private (Lead? Lead, string? Error) Parse(ImportRow row)
    {
        var lead = new Lead();
        var (first, last) = row["FirstName"] is null && row["LastName"] is null && row["FullName"] is { } full
            ? PersianText.SplitFullName(full)
            : (row["FirstName"] ?? "", row["LastName"] ?? "");
        lead.SetName(first, last);
        if (lead.FullName.Length == 0)
        {
            return (null, l["Error_NameRequired"]);
        }

        var mobile = row["Mobile"];
        var email = row["Email"];
        if (mobile is null && email is null)
        {
            return (null, l["Error_MobileOrEmail"]);
        }

        if (mobile is not null && !PhoneNumber.IsValid(mobile))
        {
            return (null, l["Import_BadMobile", mobile]);
        }

        if (email is not null && !EmailAddress.IsValid(email))
        {
            return (null, l["Import_BadEmail", email]);
        }

        lead.SetMobile(mobile);
        lead.SetEmail(email);
        lead.SetCompany(row["Company"]);
        lead.JobTitle = LeadsService.Clean(row["JobTitle"], 100);
        lead.City = LeadsService.Clean(row["City"], 100);
        lead.Notes = row["Notes"] is { } notes ? notes[..Math.Min(notes.Length, 4000)] : null;
        lead.Source = CustomerSource.Import;
        if (row["Source"] is { } source)
        {
            _sources ??= new LocalizedEnum<CustomerSource>(l, "Source_");
            if (_sources.Parse(source) is not { } parsedSource)
            {
                return (null, l["Import_BadSource", source.Length <= 50 ? source : source[..50] + "…"]);
            }

            lead.Source = parsedSource;
        }

        if (row["Rating"] is { } rating)
        {
            if (!int.TryParse(Digits.ToLatin(rating), NumberStyles.Integer, CultureInfo.InvariantCulture, out var stars) || stars is < 0 or > 5)
            {
                return (null, l["Error_Rating"]);
            }

            lead.Rating = stars;
        }

        return (lead, null);
    }
}
