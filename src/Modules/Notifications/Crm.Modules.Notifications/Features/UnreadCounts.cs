using Crm.Modules.Notifications.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Crm.Modules.Notifications.Features;

/// <summary>
/// Each user's unread count for the bell that every page shows, kept in memory for a few seconds. This instance forgets
/// a count as soon as it changes one (a notification added, opened, all read); a notification written by another app
/// instance shows within <see cref="Lifetime"/>.
/// </summary>
public sealed class UnreadCounts(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(15);

    public Task<int> GetAsync(DbContext db, Guid userId, CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync(Key(userId), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            return db.Set<Notification>().CountAsync(n => n.UserId == userId && n.ReadAt == null, cancellationToken);
        });

    public void Forget(Guid userId) => cache.Remove(Key(userId));

    private static string Key(Guid userId) => "crm.notifications.unread." + userId.ToString("N");
}
