namespace Crm.SharedKernel.Security;

public static class PermissionClaims
{
    /// <summary>Claim type under which a role's permissions are stored and carried in the sign-in cookie.</summary>
    public const string Type = "crm:permission";

    /// <summary>Prefix of the authorization policies built on demand for each permission.</summary>
    public const string PolicyPrefix = "permission:";

    /// <summary>Claim carrying the user's team id, read by <see cref="ICurrentUser.TeamId"/>.</summary>
    public const string Team = "crm:team";
}
