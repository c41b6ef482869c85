namespace Crm.Modules.Portal.Features;

/// <summary>The <c>Portal</c> section: sign-in codes, their limits, and how long a customer's session lasts.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>How long a sign-in code may be used.</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Wrong codes typed before the code stops working.</summary>
    public int MaxTries { get; set; } = 5;

    /// <summary>The wait before another code may be asked for the same number.</summary>
    public TimeSpan ResendAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Codes one number may be sent in an hour.</summary>
    public int CodesPerNumberPerHour { get; set; } = 5;

    /// <summary>Codes one client address may ask for in an hour, whatever the numbers.</summary>
    public int CodesPerAddressPerHour { get; set; } = 20;

    /// <summary>A session ends after this long without a request.</summary>
    public TimeSpan SessionIdle { get; set; } = TimeSpan.FromHours(8);
}
