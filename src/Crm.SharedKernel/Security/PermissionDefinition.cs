namespace Crm.SharedKernel.Security;

/// <summary>A permission a module checks, named <c>module.verb</c>.</summary>
/// <param name="Name">The permission name, e.g. <c>identity.users.manage</c>.</param>
/// <param name="DefaultRoles">Roles that receive the permission when the role is first set up.</param>
public sealed record PermissionDefinition(string Name, IReadOnlyList<string> DefaultRoles);
