using Crm.SharedKernel.Messaging;

namespace Crm.Modules.Identity.Contracts;

/// <summary>Staff users (not portal customers), by display name; optionally one team's and only active ones.</summary>
public sealed record ListUsers(Guid? TeamId = null, bool ActiveOnly = true) : IRequest<IReadOnlyList<UserSummary>>;

/// <summary>All teams, by name.</summary>
public sealed record ListTeams : IRequest<IReadOnlyList<TeamSummary>>;

public sealed record TeamSummary(Guid Id, string Name, Guid? LeaderId);

/// <summary>
/// Checks who may own a record the current user saves (no owner given = the user). Managers may pick anyone active;
/// others themselves or a member of their own team, so a rep never hands a record out of their own sight.
/// </summary>
public sealed record ResolveOwner(Guid? RequestedOwnerId) : IRequest<OwnerAssignment>;

/// <summary>The owner and the team stored with the record, or not allowed.</summary>
public sealed record OwnerAssignment(Guid? OwnerId, Guid? TeamId, bool Allowed);

/// <summary>Users the current user may pick as owner, by display name.</summary>
public sealed record ListAssignableOwners : IRequest<IReadOnlyList<UserSummary>>;

/// <summary>Display names of the given users (a list page's owners), without reading every user.</summary>
public sealed record GetUserNames(IReadOnlyCollection<Guid> UserIds) : IRequest<IReadOnlyDictionary<Guid, string>>;

/// <summary>Active staff users whose roles grant <paramref name="Permission"/> (who can approve a discount, say), by display name.</summary>
public sealed record ListUsersWithPermission(string Permission) : IRequest<IReadOnlyList<UserSummary>>;

/// <summary>Active staff users who hold a role (by its name), by display name.</summary>
public sealed record ListUsersInRole(string Role) : IRequest<IReadOnlyList<UserSummary>>;

/// <summary>The roles' names, for pickers.</summary>
public sealed record ListRoleNames : IRequest<IReadOnlyList<string>>;
