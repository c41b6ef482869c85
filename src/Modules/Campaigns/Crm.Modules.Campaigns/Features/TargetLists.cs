using Crm.Modules.Campaigns.Domain;
using Crm.Modules.Contacts.Contracts;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Crm.SharedKernel.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Campaigns.Features;

/// <summary>A new static list, or its name and description corrected.</summary>
public sealed record SaveTargetList(Guid? Id, Guid Version, string? Name, string? Description) : ICommand<CommandResult>;

/// <summary>Contacts put on a list (the contact list's checked rows); ids of contacts that are gone are passed over.</summary>
public sealed record AddToTargetList(Guid ListId, IReadOnlyCollection<Guid> ContactIds) : ICommand<ListChange>
{
    public const int MaxContacts = 1_000;
}

/// <summary>
/// Mobiles and emails, one per line (a pasted column, or a .csv, .txt or .xlsx file: each line's first cell that is one), put on a
/// list as the contacts that have them. At most <see cref="MaxLines"/> lines at a time.
/// </summary>
public sealed record ImportToTargetList(Guid ListId, IReadOnlyList<string> Lines) : ICommand<ListChange>
{
    public const int MaxLines = 5_000;

    /// <summary>The largest file or pasted text read.</summary>
    public const int MaxBytes = 512 * 1024;
}

/// <summary>A contact taken off a list; putting it back is adding it again.</summary>
public sealed record RemoveFromTargetList(Guid ListId, Guid ContactId) : ICommand<ListChange>;

/// <summary>
/// What a change to a list did: contacts added, already on it, addresses no contact has, lines that were no mobile or
/// email; or why nothing was done.
/// </summary>
public sealed record ListChange(int Added, int Already, int Unknown, int Invalid, string? Error = null)
{
    public static ListChange Refused(string error) => new(0, 0, 0, 0, error);
}

/// <summary>
/// Static lists. Any marketer may write any list: lists are the company's, like an approved campaign's audience, and a
/// contact id only goes on a list when the contacts module says it is a live contact.
/// </summary>
public sealed class TargetListHandlers(DbContext db, IClock clock, IMediator mediator, IDisplayFormatter format, IStringLocalizer<CampaignsResources> l) :
    IRequestHandler<SaveTargetList, CommandResult>,
    IRequestHandler<AddToTargetList, ListChange>,
    IRequestHandler<ImportToTargetList, ListChange>,
    IRequestHandler<RemoveFromTargetList, ListChange>
{
    public async ValueTask<CommandResult> Handle(SaveTargetList request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var name = PersianText.Clean(BidiControls.Strip(request.Name) ?? "");
        var description = (BidiControls.Strip(request.Description) ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (name.Length == 0)
        {
            errors["Name"] = l["Error_Required", l["Field_Name"]];
        }
        else if (name.Length > TargetList.NameMaxLength)
        {
            errors["Name"] = l["Error_TooLong", l["Field_Name"], format.Number(TargetList.NameMaxLength)];
        }

        if (description.Length > TargetList.DescriptionMaxLength)
        {
            errors["Description"] = l["Error_TooLong", l["Field_Description"], format.Number(TargetList.DescriptionMaxLength)];
        }

        TargetList? list = null;
        if (request.Id is { } id)
        {
            list = await db.Set<TargetList>().FirstOrDefaultAsync(t => t.Id == id, cancellationToken) ?? throw new KeyNotFoundException();
            if (list.Version != request.Version)
            {
                errors[""] = l["Error_Concurrency"];
            }
        }

        if (errors.Count > 0)
        {
            return new CommandResult(Guid.Empty, errors);
        }

        if (list is null)
        {
            list = new TargetList();
            db.Add(list);
        }

        (list.Name, list.Description) = (name, description.Length == 0 ? null : description);
        return new CommandResult(list.Id, errors);
    }

    public async ValueTask<ListChange> Handle(AddToTargetList request, CancellationToken cancellationToken)
    {
        if (request.ContactIds.Count > AddToTargetList.MaxContacts)
        {
            return ListChange.Refused(l["Error_TooManyChecked", format.Number(AddToTargetList.MaxContacts)]);
        }

        var list = await FindAsync(request.ListId, cancellationToken);
        var ids = request.ContactIds.Distinct().ToList();
        var live = ids.Count == 0 ? [] : await mediator.Send(new ListAudience(new AudienceCriteria(null, null, null, null), AudienceAddress.Mobile, null, ids.Count, ids), cancellationToken);
        var change = await AddAsync(list, [.. live.Select(m => m.ContactId)], cancellationToken);
        return change with { Unknown = ids.Count - live.Count };
    }

    public async ValueTask<ListChange> Handle(ImportToTargetList request, CancellationToken cancellationToken)
    {
        var lines = request.Lines.Where(line => !string.IsNullOrWhiteSpace(line)).ToList();
        if (lines.Count > ImportToTargetList.MaxLines)
        {
            return ListChange.Refused(l["Error_TooManyLines", format.Number(ImportToTargetList.MaxLines)]);
        }

        var list = await FindAsync(request.ListId, cancellationToken);
        var (phones, emails, invalid) = (new HashSet<string>(), new HashSet<string>(), 0);
        foreach (var line in lines)
        {
            // The line's first cell that is a mobile or an email: a pasted column, or a sheet's row with the name before it.
            var cell = line.Split([',', ';', '\t', '،']).Select(c => c.Trim().Trim('"').Trim()).FirstOrDefault(c => PhoneNumber.IsIranianMobile(c) || EmailAddress.IsValid(c));
            if (cell is null)
            {
                invalid++;
            }
            else if (PhoneNumber.IsIranianMobile(cell))
            {
                phones.Add(PhoneNumber.Normalize(cell));
            }
            else
            {
                emails.Add(EmailAddress.Normalize(cell));
            }
        }

        var found = phones.Count + emails.Count == 0 ? new Dictionary<string, Guid>() : await mediator.Send(new FindContactsByKeys(phones, emails), cancellationToken);
        var change = await AddAsync(list, [.. found.Values.Distinct()], cancellationToken);
        return change with { Unknown = phones.Count + emails.Count - found.Count, Invalid = invalid };
    }

    public async ValueTask<ListChange> Handle(RemoveFromTargetList request, CancellationToken cancellationToken)
    {
        var list = await FindAsync(request.ListId, cancellationToken);
        var removed = await db.Set<TargetListMember>().Where(m => m.ListId == list.Id && m.ContactId == request.ContactId).ExecuteDeleteAsync(cancellationToken);
        list.Members = await db.Set<TargetListMember>().CountAsync(m => m.ListId == list.Id, cancellationToken);
        return new ListChange(-removed, 0, 0, 0);
    }

    private async Task<TargetList> FindAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Set<TargetList>().FirstOrDefaultAsync(t => t.Id == id, cancellationToken) ?? throw new KeyNotFoundException();

    /// <summary>Adds the contacts not yet on the list, within its limit, and counts its members again.</summary>
    private async Task<ListChange> AddAsync(TargetList list, IReadOnlyList<Guid> contacts, CancellationToken cancellationToken)
    {
        var already = contacts.Count == 0 ? [] : await db.Set<TargetListMember>().Where(m => m.ListId == list.Id && contacts.Contains(m.ContactId))
            .Select(m => m.ContactId).ToListAsync(cancellationToken);
        var fresh = contacts.Except(already).ToList();
        if (list.Members + fresh.Count > TargetList.MaxMembers)
        {
            return ListChange.Refused(l["Error_ListFull", format.Number(TargetList.MaxMembers)]);
        }

        var now = clock.UtcNow;
        db.AddRange(fresh.Select(c => TargetListMember.Of(list.Id, c, now)));
        await db.SaveChangesAsync(cancellationToken);
        list.Members = await db.Set<TargetListMember>().CountAsync(m => m.ListId == list.Id, cancellationToken);
        return new ListChange(fresh.Count, already.Count, 0, 0);
    }
}

public static class TargetListLinks
{
    public static string Details(Guid id) => $"/Campaigns/Lists/Details/{id}";
}
