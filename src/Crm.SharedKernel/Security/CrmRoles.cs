namespace Crm.SharedKernel.Security;

/// <summary>The platform's roles. Code checks permissions, never these names (except to seed defaults).</summary>
public static class CrmRoles
{
    public const string Administrator = "Administrator";
    public const string SalesManager = "SalesManager";
    public const string SalesRep = "SalesRep";
    public const string Marketer = "Marketer";
    public const string SupportAgent = "SupportAgent";
    public const string Customer = "Customer";

    public static readonly IReadOnlyList<string> All =
        [Administrator, SalesManager, SalesRep, Marketer, SupportAgent, Customer];

    /// <summary>Roles of the organisation's own staff (everyone but portal customers).</summary>
    public static readonly IReadOnlyList<string> Staff =
        [Administrator, SalesManager, SalesRep, Marketer, SupportAgent];
}
