using Crm.Modules.Identity.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Identity.Features;

/// <summary>Keeps the language a user picked, so it follows them to other browsers and devices.</summary>
public sealed class RememberChosenCulture(DbContext db) : INotificationHandler<CultureChosen>
{
    public async ValueTask Handle(CultureChosen notification, CancellationToken cancellationToken)
    {
        var user = await db.Set<ApplicationUser>().FirstOrDefaultAsync(u => u.Id == notification.UserId, cancellationToken);
        if (user is not null && user.PreferredCulture != notification.Culture)
        {
            user.PreferredCulture = notification.Culture;
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
