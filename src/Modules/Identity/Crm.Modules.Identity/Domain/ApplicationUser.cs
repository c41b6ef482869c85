using Crm.SharedKernel.Domain;
using Microsoft.AspNetCore.Identity;

namespace Crm.Modules.Identity.Domain;

/// <summary>A person who signs in: staff, or a customer of the portal. Disabled rather than deleted.</summary>
public sealed class ApplicationUser : IdentityUser<Guid>, IAuditable
{
    public ApplicationUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString();
    }

    public string DisplayName { get; set; } = "";

    /// <summary>fa-IR or en-US; null follows the installation's default.</summary>
    public string? PreferredCulture { get; set; }

    public Guid? TeamId { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>Last day the user may sign in (organisation's calendar day); null for no limit. For temporary staff.</summary>
    public DateOnly? AccessExpiresOn { get; set; }

    /// <summary>Set for a generated one-time password: the user must choose a new one at sign-in.</summary>
    public bool MustChangePassword { get; set; }

    public DateTime CreatedAt { get; set; }

    public Guid? CreatedBy { get; set; }

    public DateTime? ModifiedAt { get; set; }

    public Guid? ModifiedBy { get; set; }
}
