using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Claims;
using Crm.Modules.Identity.Domain;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Localization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Identity.Features;

/// <summary>
/// Checks the sign-in cookie on every request against the user's current security stamp, so disabling a user,
/// changing their roles or team, resetting their password or signing out takes effect on their next request (each
/// of those renews the stamp). The stamp is kept in memory a few seconds per user and dropped at once when any
/// instance on the database saves a user (another instance's notice arrives milliseconds after its commit); the
/// <see cref="Lifetime"/> bounds it should a notice be lost.
/// </summary>
public sealed class SessionCheck : ISavedChangesListener
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private static readonly HashSet<Type> UserTypes = [typeof(ApplicationUser), typeof(IdentityUserRole<Guid>)];

    private readonly ConcurrentDictionary<Guid, Account> _accounts = new();
    private int _generation;

    public IReadOnlySet<Type> Watches => UserTypes;

    public void Saved(IReadOnlySet<Type> entityTypes)
    {
        if (entityTypes.Overlaps(UserTypes))
        {
            Interlocked.Increment(ref _generation);
            _accounts.Clear();
        }
    }

    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var principal = context.Principal;
        var valid = Guid.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
                    && principal!.FindFirstValue(stampClaim) is { Length: > 0 } stamp
                    && await GetAsync(userId, services.GetRequiredService<DbContext>(), context.HttpContext.RequestAborted) is { } account
                    && account.Stamp == stamp
                    && account.IsActive
                    && (account.AccessExpiresOn is not { } lastDay || lastDay >= services.GetRequiredService<IDisplayFormatter>().Today());
        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    private async Task<Account?> GetAsync(Guid userId, DbContext db, CancellationToken cancellationToken)
    {
        var generation = Volatile.Read(ref _generation);
        if (_accounts.TryGetValue(userId, out var kept) && kept.Generation == generation && Stopwatch.GetElapsedTime(kept.LoadedAt) < Lifetime)
        {
            return kept;
        }

        var loaded = await db.Set<ApplicationUser>().AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new Account(u.SecurityStamp ?? "", u.IsActive, u.AccessExpiresOn, Stopwatch.GetTimestamp(), generation))
            .SingleOrDefaultAsync(cancellationToken);
        // Kept only if no user was saved while loading, so a change made meanwhile is read on the next request.
        if (loaded is not null && Volatile.Read(ref _generation) == generation)
        {
            _accounts[userId] = loaded;
        }

        return loaded;
    }

    private sealed record Account(string Stamp, bool IsActive, DateOnly? AccessExpiresOn, long LoadedAt, int Generation);
}
