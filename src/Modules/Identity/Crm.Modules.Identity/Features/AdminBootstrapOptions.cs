namespace Crm.Modules.Identity.Features;

public sealed class AdminBootstrapOptions
{
    public const string Section = "Admin";

    public string UserName { get; set; } = "admin";

    public string Email { get; set; } = "admin@localhost";

    /// <summary>Initial password. Leave empty to have a one-time password generated and printed at first start.</summary>
    public string? Password { get; set; }
}
