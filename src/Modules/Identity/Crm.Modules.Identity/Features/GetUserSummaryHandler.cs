using Crm.Modules.Identity.Contracts;
using Crm.Modules.Identity.Domain;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Identity.Features;

public sealed class GetUserSummaryHandler(DbContext db) : IRequestHandler<GetUserSummary, UserSummary?>
{
    public async ValueTask<UserSummary?> Handle(GetUserSummary request, CancellationToken cancellationToken) =>
        await db.Set<ApplicationUser>()
            .Where(u => u.Id == request.UserId)
            .Select(u => new UserSummary(u.Id, u.UserName!, u.DisplayName, u.TeamId, u.IsActive))
            .FirstOrDefaultAsync(cancellationToken);
}
