using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Portal.Contracts;
using Crm.Modules.Portal.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Crm.SharedKernel.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Portal.Features;

/// <summary>
/// Staff's side of portal accounts: open one for a contact (on the contact's mobile, with an invitation SMS), send the
/// invitation again, disable and enable, sign out everywhere. The caller has checked that the user may see the contact.
/// </summary>
public sealed class PortalAccounts(DbContext db, IMediator mediator, IClock clock, ICurrentUser user, PublicSite site, IStringLocalizer<PortalResources> l)
{
    /// <summary>Opens the contact's account and invites them; returns the error's resource key when it cannot.</summary>
    public async Task<string?> OpenAsync(Guid contactId, string culture, CancellationToken cancellationToken)
    {
        var contact = new RecordRef(RecordTypes.Contact, contactId);
        var details = (await mediator.Send(new GetBillingDetails([contact]), cancellationToken)).GetValueOrDefault(contact);
        if (details is null)
        {
            return "Error_NoContact";
        }

        var mobileKey = PhoneNumber.Normalize(details.Mobile);
        if (!PhoneNumber.IsIranianMobile(mobileKey))
        {
            return "Error_NoMobile";
        }

        if (await db.Set<PortalAccount>().AnyAsync(a => a.ContactId == contactId, cancellationToken))
        {
            return "Error_AlreadyOpen";
        }

        if (await db.Set<PortalAccount>().AnyAsync(a => a.MobileKey == mobileKey, cancellationToken))
        {
            return "Error_MobileTaken";
        }

        var account = new PortalAccount
        {
            ContactId = contactId,
            Name = TextLimits.Shorten(details.Name, 200),
            MobileKey = mobileKey,
            Culture = culture is "en" ? "en" : "fa",
            CreatedAt = clock.UtcNow,
            CreatedBy = user.UserId,
        };
        db.Add(account);
        await InviteAsync(account, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another user opened it (or took the number) a moment ago: the unique indexes decided. Nothing of it is left to save.
            db.ChangeTracker.Clear();
            return "Error_AlreadyOpen";
        }

        return null;
    }

    /// <summary>Queues the invitation SMS (the portal's address, to sign in with this mobile); saved with the caller's changes.</summary>
    public async Task InviteAsync(PortalAccount account, CancellationToken cancellationToken)
    {
        account.InvitedAt = clock.UtcNow;
        await mediator.Send(new SendMessage(MessageChannel.Sms, "0" + account.MobileKey)
        {
            Culture = account.Culture,
            Recipient = new RecipientRef(RecordTypes.Contact, account.ContactId),
            Body = l.InCulture(account.Culture, "Sms_Invitation", account.Name, site.Link(account.Culture == "en" ? "/portal/sign-in?culture=en-US&ui-culture=en-US" : "/portal/sign-in")),
        }, cancellationToken);
    }

    /// <summary>Sets whether the account may sign in; disabling also ends its sessions.</summary>
    public static void SetEnabled(PortalAccount account, bool enabled)
    {
        account.Enabled = enabled;
        if (!enabled)
        {
            account.SessionStamp = Guid.NewGuid();
        }
    }
}

/// <summary>A form gives its customer an account: opened as staff would open it, when the contact has none.</summary>
public sealed class OpenPortalAccountHandler(PortalAccounts accounts) : IRequestHandler<OpenPortalAccount, bool>
{
    public async ValueTask<bool> Handle(OpenPortalAccount request, CancellationToken cancellationToken) =>
        await accounts.OpenAsync(request.ContactId, request.Culture, cancellationToken) is null;
}

/// <summary>An SMS to an enabled account's mobile, in its language, pointing at a portal page (which asks to sign in first).</summary>
public sealed class TellPortalCustomerHandler(DbContext db, IMediator mediator, PublicSite site, IStringLocalizer<PortalResources> l) : IRequestHandler<TellPortalCustomer, bool>
{
    public async ValueTask<bool> Handle(TellPortalCustomer request, CancellationToken cancellationToken)
    {
        var account = await db.Set<PortalAccount>().AsNoTracking().FirstOrDefaultAsync(a => a.ContactId == request.ContactId && a.Enabled, cancellationToken);
        if (account is null)
        {
            return false;
        }

        var path = account.Culture == "en" ? request.Path + (request.Path.Contains('?') ? "&" : "?") + "culture=en-US&ui-culture=en-US" : request.Path;
        await mediator.Send(new SendMessage(MessageChannel.Sms, "0" + account.MobileKey)
        {
            Culture = account.Culture,
            Recipient = new RecipientRef(RecordTypes.Contact, account.ContactId),
            Body = l.InCulture(account.Culture, "Sms_Waiting", TextLimits.Shorten(request.Subject, 100), site.Link(path)),
        }, cancellationToken);
        return true;
    }
}
