namespace Crm.Modules.Messaging.Features;

/// <summary>The <c>Messaging</c> section: how the outbox sends, retries and paces itself.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>Attempts before a message is marked failed for good.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait after the first failed attempt; it doubles with each further one, up to an hour.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a sender may hold a claimed message before another sender may take it over.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Messages claimed at a time by one sender.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>Emails handed to the mail server per second, per app instance.</summary>
    public double EmailsPerSecond { get; set; } = 20;

    /// <summary>How often the urgent lane looks for sign-in codes and other messages a person is waiting for.</summary>
    public TimeSpan UrgentPoll { get; set; } = TimeSpan.FromMilliseconds(500);

    public SmsOptions Sms { get; set; } = new();
}

public sealed class SmsOptions
{
    /// <summary><c>Folder</c> (writes each SMS to a file; for development) or <c>Kavenegar</c>.</summary>
    public string Provider { get; set; } = "Folder";

    /// <summary>Where the folder sender writes; relative paths are under the app's data folder.</summary>
    public string Folder { get; set; } = "sms";

    /// <summary>Messages per second the gateway account allows, per app instance.</summary>
    public double PerSecond { get; set; } = 5;

    public KavenegarOptions Kavenegar { get; set; } = new();
}

public sealed class KavenegarOptions
{
    public string BaseUrl { get; set; } = "https://api.kavenegar.com/v1/";

    public string ApiKey { get; set; } = "";

    /// <summary>The sending line; empty uses the account's default line.</summary>
    public string Sender { get; set; } = "";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}
