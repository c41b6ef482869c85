using Crm.Modules.Notifications.Domain;
using Microsoft.EntityFrameworkCore;
using Crm.SharedKernel.Caching;
using Microsoft.Extensions.Caching.Memory;

namespace Crm.Modules.Notifications.Features;

/// <summary>
/// Each user's unread count for the bell that every page shows, kept in memory for a few seconds. A count is forgotten
/// as soon as it changes (a notification added, opened, all read), in this instance at once and in the others on the
/// database within a second; <see cref="Lifetime"/> bounds it should a notice be lost.
/// </summary>
public sealed class UnreadCounts(IMemoryCache cache, ISharedCacheInvalidation invalidation)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(15);

    public Task<int> GetAsync(DbContext db, Guid userId, CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync(Key(userId), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            return db.Set<Notification>().CountAsync(n => n.UserId == userId && n.ReadAt == null, cancellationToken);
        });

    public void Forget(Guid userId) => invalidation.Remove(Key(userId));

    private static string Key(Guid userId) => "crm.notifications.unread." + userId.ToString("N");
}
