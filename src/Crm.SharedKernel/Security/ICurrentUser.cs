namespace Crm.SharedKernel.Security;

/// <summary>Who is acting now: the signed-in user of a request, or the system for background work.</summary>
public interface ICurrentUser
{
    Guid? UserId { get; }

    string? UserName { get; }

    /// <summary>The user's sales team, from the sign-in cookie.</summary>
    Guid? TeamId { get; }

    bool HasPermission(string permission);
}
