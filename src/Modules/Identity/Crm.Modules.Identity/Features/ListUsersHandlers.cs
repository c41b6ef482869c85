using Crm.Modules.Identity.Contracts;
using Crm.Modules.Identity.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Identity.Features;

public sealed class ListUsersHandler(DbContext db) : IRequestHandler<ListUsers, IReadOnlyList<UserSummary>>
{
    public async ValueTask<IReadOnlyList<UserSummary>> Handle(ListUsers request, CancellationToken cancellationToken)
    {
        var query = StaffDirectory.Staff(db);
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
    public async ValueTask<IReadOnlyList<TeamSummary>> Handle(ListTeams request, CancellationToken cancellationToken) =>
        await db.Set<Team>().AsNoTracking().OrderBy(t => t.Name).Select(t => new TeamSummary(t.Id, t.Name, t.LeaderId)).ToListAsync(cancellationToken);
}

public sealed class ResolveOwnerHandler(IMediator mediator, ICurrentUser user) : IRequestHandler<ResolveOwner, OwnerAssignment>
{
    public async ValueTask<OwnerAssignment> Handle(ResolveOwner request, CancellationToken cancellationToken)
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

public sealed class ListAssignableOwnersHandler(DbContext db, StaffDirectory directory, ICurrentUser user) : IRequestHandler<ListAssignableOwners, IReadOnlyList<UserSummary>>
{
    public async ValueTask<IReadOnlyList<UserSummary>> Handle(ListAssignableOwners request, CancellationToken cancellationToken)
    {
        var users = (await directory.ListAsync(db, cancellationToken)).Where(u => u.IsActive).ToList();
        return RecordVisibility.SeesAll(user)
            ? users
            : users.Where(u => u.Id == user.UserId || (u.TeamId is not null && u.TeamId == user.TeamId)).ToList();
    }
}

public sealed class GetUserNamesHandler(DbContext db, StaffDirectory directory) : IRequestHandler<GetUserNames, IReadOnlyDictionary<Guid, string>>
{
    public async ValueTask<IReadOnlyDictionary<Guid, string>> Handle(GetUserNames request, CancellationToken cancellationToken)
    {
        var staff = await directory.ByIdAsync(db, cancellationToken);
        var names = new Dictionary<Guid, string>();
        var missing = new List<Guid>();
        foreach (var id in request.UserIds.Distinct())
        {
            if (staff.GetValueOrDefault(id) is { } known)
            {
                names[id] = known.DisplayName;
            }
            else
            {
                missing.Add(id);
            }
        }

        // Someone added on another instance a moment ago, or a portal customer: ask the database.
        if (missing.Count > 0)
        {
            foreach (var user in await db.Set<ApplicationUser>().AsNoTracking().Where(u => missing.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToListAsync(cancellationToken))
            {
                names[user.Id] = user.DisplayName;
            }
        }

        return names;
    }
}

public sealed class ListUsersWithPermissionHandler(DbContext db) : IRequestHandler<ListUsersWithPermission, IReadOnlyList<UserSummary>>
{
    public async ValueTask<IReadOnlyList<UserSummary>> Handle(ListUsersWithPermission request, CancellationToken cancellationToken)
    {
        var roles = db.Set<IdentityRoleClaim<Guid>>().Where(c => c.ClaimType == PermissionClaims.Type && c.ClaimValue == request.Permission).Select(c => c.RoleId);
        var holders = db.Set<IdentityUserRole<Guid>>().Where(r => roles.Contains(r.RoleId)).Select(r => r.UserId);
        return await StaffDirectory.Staff(db).Where(u => u.IsActive && holders.Contains(u.Id))
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Select(u => new UserSummary(u.Id, u.UserName!, u.DisplayName, u.TeamId, u.IsActive))
            .ToListAsync(cancellationToken);
    }
}

public sealed class ListUsersInRoleHandler(DbContext db) : IRequestHandler<ListUsersInRole, IReadOnlyList<UserSummary>>
{
    public async ValueTask<IReadOnlyList<UserSummary>> Handle(ListUsersInRole request, CancellationToken cancellationToken)
    {
        var roles = db.Set<ApplicationRole>().Where(r => r.Name == request.Role).Select(r => r.Id);
        var members = db.Set<IdentityUserRole<Guid>>().Where(r => roles.Contains(r.RoleId)).Select(r => r.UserId);
        return await StaffDirectory.Staff(db).Where(u => u.IsActive && members.Contains(u.Id))
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Select(u => new UserSummary(u.Id, u.UserName!, u.DisplayName, u.TeamId, u.IsActive))
            .ToListAsync(cancellationToken);
    }
}

public sealed class ListRoleNamesHandler(DbContext db) : IRequestHandler<ListRoleNames, IReadOnlyList<string>>
{
    public async ValueTask<IReadOnlyList<string>> Handle(ListRoleNames request, CancellationToken cancellationToken) =>
        await db.Set<ApplicationRole>().OrderBy(r => r.Name).Select(r => r.Name!).ToListAsync(cancellationToken);
}
