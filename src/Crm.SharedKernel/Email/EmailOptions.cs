namespace Crm.SharedKernel.Email;

/// <summary>The <c>Email</c> section: how mail leaves the app (the platform's mails and the messaging module's alike).</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary><c>Folder</c> (writes .eml files; the default for development) or <c>Smtp</c>.</summary>
    public string Delivery { get; set; } = "Folder";

    /// <summary>Where the folder sender writes; relative paths are under the app's data folder.</summary>
    public string Folder { get; set; } = "mail";

    public string From { get; set; } = "crm@localhost";

    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 25;

    /// <summary>TLS: STARTTLS, or TLS from the first byte on port 465.</summary>
    public bool EnableSsl { get; set; }

    /// <summary>How long connecting, signing in and each SMTP command may take.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// The SHA-256 fingerprint (hex, colons allowed) of a mail server certificate to accept although no trusted authority
    /// signed it: a company's own server with a certificate it made. Empty: only certificates the system trusts.
    /// </summary>
    public string? TrustedCertificate { get; set; }
}
