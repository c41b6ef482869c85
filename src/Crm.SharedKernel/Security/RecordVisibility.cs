using System.Linq.Expressions;
using Crm.SharedKernel.Lists;

namespace Crm.SharedKernel.Security;

/// <summary>A customer record with an owner: its owner's team is stored with it so the visibility rule is one indexed filter.</summary>
public interface IOwnedRecord
{
    Guid? OwnerId { get; }

    Guid? TeamId { get; }
}

/// <summary>A record that may be given to another owner (and the owner's team) outside its own page: by an automation.</summary>
public interface IReassignable : IOwnedRecord
{
    void AssignOwner(Guid ownerId, Guid? teamId);
}

/// <summary>
/// Who sees which customer records, in one place for lists, detail pages, search, export and import:
/// holders of <see cref="PlatformPermissions.ViewAllRecords"/> (managers, administrators) see everything;
/// everyone else sees the records they own and those of their team. Background work (no user) sees everything.
/// </summary>
public static class RecordVisibility
{
    public static bool SeesAll(ICurrentUser user) =>
        user.UserId is null || user.HasPermission(PlatformPermissions.ViewAllRecords);

    public static IQueryable<T> VisibleTo<T>(this IQueryable<T> records, ICurrentUser user)
        where T : class, IOwnedRecord =>
        SeesAll(user) ? records : records.Where(Rule<T>(user.UserId, user.TeamId));

    /// <summary>
    /// The same rule as a SQL condition on the "OwnerId" and "TeamId" columns of the table under <paramref name="alias"/>,
    /// for hand-written read statements; null when the viewer sees everything. A test keeps it equal to the LINQ form.
    /// </summary>
    public static string? SqlCondition(ICurrentUser user, SqlStatement sql, string alias)
    {
        if (SeesAll(user))
        {
            return null;
        }

        var owner = alias + ".\"OwnerId\" = " + sql.Value(user.UserId!.Value);
        return user.TeamId is { } team ? "(" + owner + " OR " + alias + ".\"TeamId\" = " + sql.Value(team) + ")" : owner;
    }

    public static bool CanSee(this ICurrentUser user, IOwnedRecord record) => user.CanSee(record.OwnerId, record.TeamId);

    public static bool CanSee(this ICurrentUser user, Guid? ownerId, Guid? teamId) =>
        CanSee(SeesAll(user), user.UserId, user.TeamId, ownerId, teamId);

    /// <summary>The rule for a viewer known by id and team rather than as the current user (an import runs on its starter's behalf).</summary>
    public static bool CanSee(bool seesAll, Guid? viewerId, Guid? viewerTeamId, Guid? ownerId, Guid? teamId) =>
        seesAll || ownerId == viewerId || (teamId is not null && teamId == viewerTeamId);

    private static Expression<Func<T, bool>> Rule<T>(Guid? userId, Guid? teamId)
        where T : class, IOwnedRecord =>
        teamId is null
            ? r => r.OwnerId == userId
            : r => r.OwnerId == userId || r.TeamId == teamId;
}
