namespace Crm.SharedKernel.Security;

public static class RateLimitPolicies
{
    /// <summary>For endpoints anyone can reach (sign-in, password reset): a few attempts a minute per client address.</summary>
    public const string Public = "public";

    /// <summary>For actions that mail a customer on a user's behalf (sending a quote): a bounded number per user.</summary>
    public const string CustomerMail = "customer-mail";

    /// <summary>For the links and images in marketing emails: many a minute per client address (an office opens a newsletter at once), still bounded.</summary>
    public const string Tracking = "tracking";
}
