using Crm.Modules.Identity.Contracts;
using Crm.Modules.Identity.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Identity.Features;

public sealed class ListUsersHandler(DbContext db) : IRequestHandler<ListUsers, IReadOnlyList<UserSummary>>
{
    public async Task<IReadOnlyList<UserSummary>> Handle(ListUsers request, CancellationToken cancellationToken)
    {
        var customerRoleId = await db.Set<ApplicationRole>().Where(r => r.Name == CrmRoles.Customer).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken);
        var query = db.Set<ApplicationUser>().AsNoTracking()
            .Where(u => !db.Set<IdentityUserRole<Guid>>().Any(ur => ur.UserId == u.Id && ur.RoleId == customerRoleId)
                        || db.Set<IdentityUserRole<Guid>>().Count(ur => ur.UserId == u.Id) > 1);
        if (request.TeamId is { } teamId)
        {
            query = query.Where(u => u.TeamId == teamId);
        }

        if (request.ActiveOnly)
        {
            query = query.Where(u => u.IsActive);
        }

        return await query.OrderBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Select(u => new UserSummary(u.Id, u.UserName!, u.DisplayName, u.TeamId, u.IsActive))
            .ToListAsync(cancellationToken);
    }
}

public sealed class ListTeamsHandler(DbContext db) : IRequestHandler<ListTeams, IReadOnlyList<TeamSummary>>
{
    public async Task<IReadOnlyList<TeamSummary>> Handle(ListTeams request, CancellationToken cancellationToken) =>
        await db.Set<Team>().AsNoTracking().OrderBy(t => t.Name).Select(t => new TeamSummary(t.Id, t.Name, t.LeaderId)).ToListAsync(cancellationToken);
}

public sealed class ResolveOwnerHandler(IMediator mediator, ICurrentUser user) : IRequestHandler<ResolveOwner, OwnerAssignment>
{
    public async Task<OwnerAssignment> Handle(ResolveOwner request, CancellationToken cancellationToken)
    {
        var ownerId = request.RequestedOwnerId ?? user.UserId;
        if (ownerId is null)
        {
            return new OwnerAssignment(null, null, true);
        }

        var owner = await mediator.Send(new GetUserSummary(ownerId.Value), cancellationToken);
        if (owner is null || !owner.IsActive)
        {
            return new OwnerAssignment(null, null, false);
        }

        var allowed = RecordVisibility.SeesAll(user) || owner.Id == user.UserId || (owner.TeamId is not null && owner.TeamId == user.TeamId);
        return new OwnerAssignment(owner.Id, owner.TeamId, allowed);
    }
}

public sealed class ListAssignableOwnersHandler(IMediator mediator, ICurrentUser user) : IRequestHandler<ListAssignableOwners, IReadOnlyList<UserSummary>>
{
    public async Task<IReadOnlyList<UserSummary>> Handle(ListAssignableOwners request, CancellationToken cancellationToken)
    {
        var users = await mediator.Send(new ListUsers(), cancellationToken);
        return RecordVisibility.SeesAll(user)
            ? users
            : users.Where(u => u.Id == user.UserId || (u.TeamId is not null && u.TeamId == user.TeamId)).ToList();
    }
}

public sealed class GetUserNamesHandler(DbContext db) : IRequestHandler<GetUserNames, IReadOnlyDictionary<Guid, string>>
{
    public async Task<IReadOnlyDictionary<Guid, string>> Handle(GetUserNames request, CancellationToken cancellationToken)
    {
        var ids = request.UserIds.Distinct().ToList();
        return ids.Count == 0
            ? new Dictionary<Guid, string>()
            : await db.Set<ApplicationUser>().AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }
}
