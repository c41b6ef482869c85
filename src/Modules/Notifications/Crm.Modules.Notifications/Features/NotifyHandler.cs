using Crm.Modules.Notifications.Contracts;
using Crm.Modules.Notifications.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Notifications.Features;

public sealed class NotifyHandler(DbContext db, IClock clock, UnreadCounts unread) : IRequestHandler<Notify, int>
{
    public ValueTask<int> Handle(Notify request, CancellationToken cancellationToken)
    {
        var url = IsLocal(request.Url) ? request.Url : null;
        var users = request.UserIds.Distinct().ToList();
        foreach (var userId in users)
        {
            db.Add(new Notification
            {
                UserId = userId,
                PersianText = TextLimits.Shorten(request.Text.Persian, 500),
                EnglishText = TextLimits.Shorten(request.Text.English, 500),
                Url = url,
                CreatedAt = clock.UtcNow,
            });
            unread.Forget(userId);
        }

        return ValueTask.FromResult(users.Count);
    }

    /// <summary>Only paths of this site are followed when a notification is opened, never another site.</summary>
    public static bool IsLocal(string? url) =>
        url is { Length: > 1 } && url[0] == '/' && url[1] != '/' && url[1] != '\\' && url.Length <= 500;
}
