using Crm.Modules.Portal.Domain;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Portal.Features;

/// <summary>
/// Signing in by email and password, where the administrator allows it: a signed-in customer sets a password for their
/// contact's email; the password is kept as ASP.NET Core's salted hash. Every failure gets the same answer (an unknown
/// email is checked against a hash too, so it takes as long), and five wrong passwords in a row lock password sign-in
/// for 15 minutes; the mobile and its code still work.
/// </summary>
public sealed class PortalPasswords(DbContext db, IClock clock, PortalMenu menu)
{
    public const int MinLength = 8;
    public const int MaxLength = 128;
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockFor = TimeSpan.FromMinutes(15);

    private static readonly PasswordHasher<PortalAccount> Hasher = new();

    // What an unknown email's check is timed against: a real hash of nothing anyone types.
    private static readonly string Decoy = Hasher.HashPassword(new PortalAccount(), Guid.NewGuid().ToString("N"));

    public async Task<bool> IsOnAsync(CancellationToken cancellationToken) => (await menu.SettingsAsync(cancellationToken)).PasswordSignIn;

    /// <summary>The resource key of what is wrong with a new password, or null when it will do.</summary>
    public static string? Problem(string? password, string? confirm) =>
        password is null || password.Length < MinLength || password.Length > MaxLength || !password.Any(char.IsLetter) || !password.Any(char.IsDigit)
            ? "Error_PasswordWeak"
            : password != confirm ? "Error_PasswordMismatch" : null;

    /// <summary>
    /// Sets the account's password for <paramref name="email"/> (the contact's own); every other session of the account
    /// ends. Returns the error's resource key, or null when set.
    /// </summary>
    public async Task<string?> SetAsync(Guid accountId, string email, string password, CancellationToken cancellationToken)
    {
        var key = EmailAddress.Normalize(email);
        if (await db.Set<PortalAccount>().AnyAsync(a => a.EmailKey == key && a.Id != accountId, cancellationToken))
        {
            return "Error_EmailTaken";
        }

        var account = await db.Set<PortalAccount>().FirstAsync(a => a.Id == accountId, cancellationToken);
        (account.EmailKey, account.PasswordHash, account.PasswordFailures, account.LockedUntil) = (key, Hasher.HashPassword(account, password), 0, null);
        account.SessionStamp = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another account took the email a moment ago.
            db.ChangeTracker.Clear();
            return "Error_EmailTaken";
        }

        return null;
    }

    /// <summary>The enabled account the email and password open, or null (for any reason: the answer is the same).</summary>
    public async Task<PortalAccount?> CheckAsync(string? email, string? password, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > 200 || string.IsNullOrEmpty(password) || password.Length > MaxLength)
        {
            return null;
        }

        var now = clock.UtcNow;
        var key = EmailAddress.Normalize(email);
        var account = await db.Set<PortalAccount>().FirstOrDefaultAsync(a => a.EmailKey == key && a.Enabled && a.PasswordHash != null, cancellationToken);
        if (account is null)
        {
            Hasher.VerifyHashedPassword(new PortalAccount(), Decoy, password);
            return null;
        }

        var locked = account.LockedUntil > now;
        var right = Hasher.VerifyHashedPassword(account, account.PasswordHash!, password) != PasswordVerificationResult.Failed;
        if (locked)
        {
            return null;
        }

        if (!right)
        {
            // Counted in one statement, so failures from several devices at once all count.
            await db.Set<PortalAccount>().Where(a => a.Id == account.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.PasswordFailures, a => a.PasswordFailures + 1), cancellationToken);
            await db.Set<PortalAccount>().Where(a => a.Id == account.Id && a.PasswordFailures >= MaxFailures)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.LockedUntil, now + LockFor).SetProperty(a => a.PasswordFailures, 0), cancellationToken);
            return null;
        }

        (account.PasswordFailures, account.LockedUntil, account.LastSignInAt) = (0, null, now);
        await db.SaveChangesAsync(cancellationToken);
        return account;
    }
}
