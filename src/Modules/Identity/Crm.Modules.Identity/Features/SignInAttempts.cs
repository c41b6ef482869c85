using Microsoft.Extensions.Caching.Memory;

namespace Crm.Modules.Identity.Features;

/// <summary>
/// Failed sign-ins counted per typed user name and client address: five wrong passwords from one address lock that
/// name for that address only, so nobody can lock a colleague out from elsewhere. Unknown names are counted the same
/// way, so the lock message does not tell which accounts exist. Identity's own lockout stays as the account-wide
/// backstop at a higher count.
/// </summary>
public sealed class SignInAttempts(IMemoryCache cache)
{
    public const int MaxFailures = 5;

    public static readonly TimeSpan LockTime = TimeSpan.FromMinutes(15);

    public bool IsLocked(string userName, string? address) =>
        cache.TryGetValue(Key(userName, address), out Counter? counter) && counter!.Failures >= MaxFailures;

    public void Failed(string userName, string? address)
    {
        var counter = cache.GetOrCreate(Key(userName, address), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = LockTime;
            return new Counter();
        })!;
        Interlocked.Increment(ref counter.Failures);
    }

    public void Succeeded(string userName, string? address) => cache.Remove(Key(userName, address));

    private static string Key(string userName, string? address) => $"signin:{address ?? "unknown"}|{userName.Trim().ToUpperInvariant()}";

    private sealed class Counter
    {
        public int Failures;
    }
}
