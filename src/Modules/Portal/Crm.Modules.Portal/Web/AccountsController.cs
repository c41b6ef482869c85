using Crm.Modules.Portal.Contracts;
using Crm.Modules.Portal.Domain;
using Crm.Modules.Portal.Features;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Portal.Web;

public sealed record AccountRow(Guid Id, Guid ContactId, string Name, string MobileKey, bool Enabled, DateTime CreatedAt, DateTime? InvitedAt, DateTime? LastSignInAt);

/// <summary>A page of accounts: only those whose contact the user may see, each with its contact's page.</summary>
public sealed record AccountsModel(IReadOnlyList<(AccountRow Row, string Url)> Rows, string? Search, long? Next)
{
    /// <summary>Customers' changes to their details waiting for staff, of the contacts the user may see.</summary>
    public IReadOnlyList<(PortalProfileRequest Request, RecordLink Contact)> Requests { get; init; } = [];
}

/// <summary>
/// Staff's pages for portal accounts: the list (newest first, by name or mobile), and the actions the contact page's
/// card posts. Every action on an account is refused (404) unless the user may see its contact.
/// </summary>
[Area(PortalModule.ModuleName)]
[HasPermission(PortalPermissions.ManageAccounts)]
[AutoValidateAntiforgeryToken]
public sealed class AccountsController(DbContext db, PortalAccounts accounts, RecordDirectory records, IMediator mediator, IClock clock, ICurrentUser user, IDisplayFormatter fmt,
    IStringLocalizer<PortalResources> l) : Controller
{
    public const int PageSize = 50;

    public async Task<IActionResult> Index(string? q, long? after, CancellationToken cancellationToken)
    {
        var query = db.Set<PortalAccount>().AsNoTracking();
        var search = string.IsNullOrWhiteSpace(q) ? null : TextLimits.Shorten(q.Trim(), 100);
        if (search is not null)
        {
            var phone = PhoneNumber.Normalize(search);
            query = SearchKeys.LooksLikePhone(search) && phone.Length > 0
                ? query.Where(a => a.MobileKey.StartsWith(phone))
                : query.Where(a => a.Name.Contains(search));
        }

        // Newest first, the next page after the last row's opening time (accounts are opened one at a time, by hand).
        if (after is { } ticks && ticks > 0 && ticks < DateTime.MaxValue.Ticks)
        {
            var cursor = new DateTime(ticks, DateTimeKind.Utc);
            query = query.Where(a => a.CreatedAt < cursor);
        }

        var rows = await query.OrderByDescending(a => a.CreatedAt).Take(PageSize + 1)
            .Select(a => new AccountRow(a.Id, a.ContactId, a.Name, a.MobileKey, a.Enabled, a.CreatedAt, a.InvitedAt, a.LastSignInAt))
            .ToListAsync(cancellationToken);
        var next = rows.Count > PageSize ? rows[PageSize - 1].CreatedAt.Ticks : (long?)null;
        var page = rows.Take(PageSize).ToList();
        var visible = records.Find(RecordTypes.Contact) is { } contacts
            ? await contacts.FindVisibleAsync([.. page.Select(r => r.ContactId)], cancellationToken)
            : new Dictionary<Guid, RecordLink>();
        var pending = await db.Set<PortalProfileRequest>().AsNoTracking().Where(r => r.State == ProfileRequestState.Pending).OrderBy(r => r.CreatedAt).Take(200).ToListAsync(cancellationToken);
        var requesters = records.Find(RecordTypes.Contact) is { } people && pending.Count > 0
            ? await people.FindVisibleAsync([.. pending.Select(r => r.ContactId)], cancellationToken)
            : new Dictionary<Guid, RecordLink>();
        return View(new AccountsModel([.. page.Where(r => visible.ContainsKey(r.ContactId)).Select(r => (r, visible[r.ContactId].Url))], search, next)
        {
            Requests = [.. pending.Where(r => requesters.ContainsKey(r.ContactId)).Select(r => (r, requesters[r.ContactId]))],
        });
    }

    /// <summary>Applies a customer's change to their details, or declines it; either way it leaves the waiting list.</summary>
    [HttpPost]
    public async Task<IActionResult> Decide(Guid id, bool apply, CancellationToken cancellationToken)
    {
        var request = await db.Set<PortalProfileRequest>().FirstOrDefaultAsync(r => r.Id == id && r.State == ProfileRequestState.Pending, cancellationToken);
        if (request is null || await records.FindVisibleAsync(new RecordRef(RecordTypes.Contact, request.ContactId), cancellationToken) is not { } contact)
        {
            return NotFound();
        }

        if (apply)
        {
            await mediator.Send(new Contacts.Contracts.UpdateContactDetails(request.ContactId, request.Email, request.Phone, request.City, request.Address, request.PostalCode), cancellationToken);
        }

        (request.State, request.DecidedAt, request.DecidedBy) = (apply ? ProfileRequestState.Applied : ProfileRequestState.Declined, clock.UtcNow, user.UserId);
        await db.SaveChangesAsync(cancellationToken);
        Say(apply ? "RequestApplied" : "RequestDeclined");
        return Redirect(Url.IsLocalUrl(Request.Form["returnUrl"]) ? Request.Form["returnUrl"].ToString() : contact.Url);
    }

    [HttpPost]
    public async Task<IActionResult> Open(Guid contactId, CancellationToken cancellationToken)
    {
        if (await records.FindVisibleAsync(new RecordRef(RecordTypes.Contact, contactId), cancellationToken) is not { } contact)
        {
            return NotFound();
        }

        var error = await accounts.OpenAsync(contactId, fmt.IsPersian ? "fa" : "en", cancellationToken);
        Say(error ?? "Opened");
        return Redirect(contact.Url);
    }

    [HttpPost]
    public Task<IActionResult> Invite(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, "Invited", (account, ct) => accounts.InviteAsync(account, ct), cancellationToken);

    [HttpPost]
    public Task<IActionResult> Disable(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, "Disabled", (account, _) => { PortalAccounts.SetEnabled(account, false); return Task.CompletedTask; }, cancellationToken);

    [HttpPost]
    public Task<IActionResult> Enable(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, "Enabled", (account, _) => { PortalAccounts.SetEnabled(account, true); return Task.CompletedTask; }, cancellationToken);

    /// <summary>Lets the contact see (or no longer see) the records of the organizations they belong to, from their next request.</summary>
    [HttpPost]
    public Task<IActionResult> Organization(Guid id, bool sees, CancellationToken cancellationToken) =>
        ChangeAsync(id, sees ? "SeesOrganization" : "OwnOnly", (account, _) => { account.SeesOrganization = sees; return Task.CompletedTask; }, cancellationToken);

    [HttpPost]
    public Task<IActionResult> SignOutEverywhere(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, "SignedOut", (account, _) => { account.SessionStamp = Guid.NewGuid(); return Task.CompletedTask; }, cancellationToken);

    private async Task<IActionResult> ChangeAsync(Guid id, string done, Func<PortalAccount, CancellationToken, Task> change, CancellationToken cancellationToken)
    {
        var account = await db.Set<PortalAccount>().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (account is null || await records.FindVisibleAsync(new RecordRef(RecordTypes.Contact, account.ContactId), cancellationToken) is not { } contact)
        {
            return NotFound();
        }

        await change(account, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        Say(done);
        return Redirect(Url.IsLocalUrl(Request.Form["returnUrl"]) ? Request.Form["returnUrl"].ToString() : contact.Url);
    }

    private void Say(string key)
    {
        TempData[key.StartsWith("Error_", StringComparison.Ordinal) ? "Error" : "Message"] = l[key.StartsWith("Error_", StringComparison.Ordinal) ? key : "Account_" + key].Value;
    }
}
