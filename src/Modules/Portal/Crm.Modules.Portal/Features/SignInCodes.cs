using System.Security.Cryptography;
using System.Text;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Portal.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Time;
using Crm.SharedKernel.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Portal.Features;

/// <summary>What became of a request for a code: sent (or, for an unknown number, seemingly so), or held back by a limit.</summary>
public sealed record CodeRequest(bool Accepted, int WaitSeconds, string? ErrorKey)
{
    public static CodeRequest Sent(int waitSeconds) => new(true, waitSeconds, null);

    public static CodeRequest Refused(string errorKey, int waitSeconds = 0) => new(false, waitSeconds, errorKey);
}

/// <summary>What became of a typed code: the account it signs in to, or why not (a resource key).</summary>
public sealed record CodeCheck(PortalAccount? Account, string? ErrorKey, int TriesLeft);

/// <summary>
/// One-time sign-in codes by SMS: six digits, valid for <see cref="PortalOptions.CodeLifetime"/>, used once, at most
/// <see cref="PortalOptions.MaxTries"/> wrong tries, another only after <see cref="PortalOptions.ResendAfter"/>, and a
/// limit per number and per address. A number without an account is treated the same in every respect but the SMS, so
/// neither the answer nor its timing tells who has an account. Codes go out through the outbox's urgent lane.
/// </summary>
public sealed class SignInCodes(DbContext db, IClock clock, IMediator mediator, PublicSite site, PortalMenu menu, IOptions<PortalOptions> options, IStringLocalizer<PortalResources> l)
{
    public async Task<CodeRequest> RequestAsync(string mobileKey, string address, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.UtcNow;
        var hourAgo = now.AddHours(-1);
        var sentToNumber = await db.Set<PortalSignInCode>().AsNoTracking()
            .Where(c => c.MobileKey == mobileKey && c.CreatedAt > hourAgo).Select(c => c.CreatedAt).ToListAsync(cancellationToken);
        if (sentToNumber.Count > 0 && WaitSeconds(sentToNumber.Max(), now) is > 0 and var wait)
        {
            return CodeRequest.Refused("Error_WaitToResend", wait);
        }

        if (sentToNumber.Count >= settings.CodesPerNumberPerHour
            || await db.Set<PortalSignInCode>().CountAsync(c => c.Address == address && c.CreatedAt > hourAgo, cancellationToken) >= settings.CodesPerAddressPerHour)
        {
            return CodeRequest.Refused("Error_TooManyCodes");
        }

        var account = await db.Set<PortalAccount>().AsNoTracking().Where(a => a.MobileKey == mobileKey && a.Enabled)
            .Select(a => new { a.Id, a.ContactId, a.Culture }).FirstOrDefaultAsync(cancellationToken);
        var signUp = await SignUpContactAsync(mobileKey, account is null, cancellationToken);
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var row = new PortalSignInCode
        {
            MobileKey = mobileKey, AccountId = account?.Id, SignUpContactId = signUp, CreatedAt = now, ExpiresAt = now + settings.CodeLifetime, Address = address,
        };
        row.CodeHash = Hash(row.Id, code);
        db.Add(row);
        if ((account?.ContactId ?? signUp) is { } contact)
        {
            var culture = account?.Culture ?? (System.Globalization.CultureInfo.CurrentUICulture.Name == SupportedCultures.English ? "en" : "fa");
            await mediator.Send(new SendMessage(MessageChannel.Sms, "0" + mobileKey)
            {
                Urgent = true,
                Culture = culture,
                Recipient = new RecipientRef(RecordTypes.Contact, contact),
                Body = Text(culture, code),
            }, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return CodeRequest.Sent((int)settings.ResendAfter.TotalSeconds);
    }

    /// <summary>Seconds until the number may be sent another code (0 when it may now).</summary>
    public async Task<int> WaitBeforeResendAsync(string mobileKey, CancellationToken cancellationToken)
    {
        var last = await db.Set<PortalSignInCode>().AsNoTracking().Where(c => c.MobileKey == mobileKey)
            .OrderByDescending(c => c.CreatedAt).Select(c => (DateTime?)c.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        return last is { } at ? WaitSeconds(at, clock.UtcNow) : 0;
    }

    /// <summary>Checks a typed code against the number's latest one; a right code is used up in the same statement that checks it is unused.</summary>
    public async Task<CodeCheck> CheckAsync(string mobileKey, string typed, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.UtcNow;
        var latest = await db.Set<PortalSignInCode>().AsNoTracking().Where(c => c.MobileKey == mobileKey)
            .OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (latest is null || latest.UsedAt is not null || latest.ExpiresAt <= now)
        {
            return new CodeCheck(null, "Error_CodeExpired", 0);
        }

        if (latest.Tries >= settings.MaxTries)
        {
            return new CodeCheck(null, "Error_TooManyTries", 0);
        }

        var code = Digits.ToLatin(typed).Trim();
        var right = code.Length == 6 && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(latest.Id, code)), Encoding.ASCII.GetBytes(latest.CodeHash));
        if (!right || (latest.AccountId is null && latest.SignUpContactId is null))
        {
            await db.Set<PortalSignInCode>().Where(c => c.Id == latest.Id && c.Tries < settings.MaxTries)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Tries, c => c.Tries + 1), cancellationToken);
            var left = settings.MaxTries - latest.Tries - 1;
            return new CodeCheck(null, left > 0 ? "Error_WrongCode" : "Error_TooManyTries", Math.Max(left, 0));
        }

        var used = await db.Set<PortalSignInCode>().Where(c => c.Id == latest.Id && c.UsedAt == null && c.Tries < settings.MaxTries && c.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), cancellationToken);
        var account = used != 1 ? null
            : latest.AccountId is { } accountId ? await db.Set<PortalAccount>().FirstOrDefaultAsync(a => a.Id == accountId && a.Enabled, cancellationToken)
            : await SignUpAsync(latest, now, cancellationToken);
        if (account is null)
        {
            return new CodeCheck(null, "Error_CodeExpired", 0);
        }

        account.LastSignInAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return new CodeCheck(account, null, 0);
    }

    /// <summary>
    /// The contact a number without an account may sign up as: self sign-up is on, the number is a contact's mobile, and
    /// neither the contact nor the number has an account (a disabled one stays disabled). The contact is looked up for
    /// every number while sign-up is on, so the work done does not tell who has an account.
    /// </summary>
    private async Task<Guid?> SignUpContactAsync(string mobileKey, bool noAccount, CancellationToken cancellationToken)
    {
        if (!(await menu.SettingsAsync(cancellationToken)).SelfSignUp)
        {
            return null;
        }

        var contact = await mediator.Send(new FindContactByKeys(mobileKey, null), cancellationToken);
        return noAccount && contact is not null
            && !await db.Set<PortalAccount>().AnyAsync(a => a.ContactId == contact.ContactId || a.MobileKey == mobileKey, cancellationToken)
            ? contact.ContactId : null;
    }

    /// <summary>The account a right sign-up code opens, made now that the customer proved the number is theirs.</summary>
    private async Task<PortalAccount?> SignUpAsync(PortalSignInCode code, DateTime now, CancellationToken cancellationToken)
    {
        var contact = new RecordRef(RecordTypes.Contact, code.SignUpContactId!.Value);
        var details = (await mediator.Send(new GetBillingDetails([contact]), cancellationToken)).GetValueOrDefault(contact);
        if (details is null)
        {
            return null;
        }

        var account = new PortalAccount
        {
            ContactId = contact.Id, Name = Crm.SharedKernel.Text.TextLimits.Shorten(details.Name, 200), MobileKey = code.MobileKey,
            Culture = System.Globalization.CultureInfo.CurrentUICulture.Name == SupportedCultures.English ? "en" : "fa", CreatedAt = now,
        };
        db.Add(account);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Staff opened the contact's account (or gave the number to another) a moment ago.
            db.ChangeTracker.Clear();
            return null;
        }

        return account;
    }

    private int WaitSeconds(DateTime lastSentAt, DateTime now) =>
        (int)Math.Ceiling(Math.Max(0, (lastSentAt + options.Value.ResendAfter - now).TotalSeconds));

    /// <summary>The code's SMS; its last line lets a phone's browser offer the code to the sign-in page by itself (WebOTP).</summary>
    private string Text(string culture, string code) =>
        l.InCulture(culture, "Sms_Code", code, (int)options.Value.CodeLifetime.TotalMinutes) + "\n\n@" + site.BaseUrl.Host + " #" + code;

    /// <summary>The code is kept only as a hash bound to its row, so a copy of the table does not give the codes away.</summary>
    private static string Hash(Guid id, string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id.ToString("N") + ":" + code)));
}
