namespace Crm.SharedKernel.Security;

public static class RateLimitPolicies
{
    /// <summary>For endpoints anyone can reach (sign-in, password reset): a few attempts a minute per client address.</summary>
    public const string Public = "public";
}
