using System.Diagnostics;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Identity.Domain;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Identity.Features;

/// <summary>
/// The staff (every user who is not only a portal customer), kept in memory for what only displays them: owner
/// names on list pages and the owner choices of a form. Every list page needs both, and the staff changes rarely.
/// A save that touches users, roles or teams, in this instance or another on the same database, drops the copy
/// within a second; <see cref="Lifetime"/> bounds it should a notice be lost. Decisions (who may own a record, who is in a round robin) read the
/// database, never this copy.
/// </summary>
public sealed class StaffDirectory : ISavedChangesListener
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private static readonly HashSet<Type> StaffTypes = [typeof(ApplicationUser), typeof(ApplicationRole), typeof(Team), typeof(IdentityUserRole<Guid>)];

    private Snapshot? _snapshot;
    private int _generation;

    public async Task<IReadOnlyList<UserSummary>> ListAsync(DbContext db, CancellationToken cancellationToken) =>
        (await GetAsync(db, cancellationToken)).Users;

    public async Task<IReadOnlyDictionary<Guid, UserSummary>> ByIdAsync(DbContext db, CancellationToken cancellationToken) =>
        (await GetAsync(db, cancellationToken)).ById;

    public IReadOnlySet<Type> Watches => StaffTypes;

    public void Saved(IReadOnlySet<Type> entityTypes)
    {
        if (entityTypes.Overlaps(StaffTypes))
        {
            Interlocked.Increment(ref _generation);
        }
    }

    /// <summary>Staff users, active or not, by display name: the one query behind the directory and <see cref="ListUsers"/>.</summary>
    public static IQueryable<ApplicationUser> Staff(DbContext db)
    {
        var customerRoleId = db.Set<ApplicationRole>().Where(r => r.Name == CrmRoles.Customer).Select(r => r.Id);
        return db.Set<ApplicationUser>().AsNoTracking()
            .Where(u => !db.Set<IdentityUserRole<Guid>>().Any(ur => ur.UserId == u.Id && customerRoleId.Contains(ur.RoleId))
                        || db.Set<IdentityUserRole<Guid>>().Count(ur => ur.UserId == u.Id) > 1);
    }

    private async Task<Snapshot> GetAsync(DbContext db, CancellationToken cancellationToken)
    {
        var generation = Volatile.Read(ref _generation);
        var current = Volatile.Read(ref _snapshot);
        if (current is not null && current.Generation == generation && Stopwatch.GetElapsedTime(current.LoadedAt) < Lifetime)
        {
            return current;
        }

        var users = await Staff(db).OrderBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Select(u => new UserSummary(u.Id, u.UserName!, u.DisplayName, u.TeamId, u.IsActive))
            .ToListAsync(cancellationToken);
        // Stamped with the generation read before loading, so a change saved meanwhile makes the next call reload.
        var loaded = new Snapshot(users, users.ToDictionary(u => u.Id), Stopwatch.GetTimestamp(), generation);
        Volatile.Write(ref _snapshot, loaded);
        return loaded;
    }

    private sealed record Snapshot(IReadOnlyList<UserSummary> Users, IReadOnlyDictionary<Guid, UserSummary> ById, long LoadedAt, int Generation);
}
