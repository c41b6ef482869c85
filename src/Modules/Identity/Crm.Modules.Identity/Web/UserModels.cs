using System.ComponentModel.DataAnnotations;

namespace Crm.Modules.Identity.Web;

public sealed class UserEditModel
{
    public Guid? Id { get; set; }

    [Display(Name = "Field_UserName")]
    public string UserName { get; set; } = "";

    [Display(Name = "Field_DisplayName")]
    public string DisplayName { get; set; } = "";

    [Display(Name = "Field_Email")]
    public string Email { get; set; } = "";

    [Display(Name = "Field_Phone")]
    public string? PhoneNumber { get; set; }

    [Display(Name = "Field_Team")]
    public Guid? TeamId { get; set; }

    [Display(Name = "Field_Roles")]
    public List<string> Roles { get; set; } = [];

    [Display(Name = "Field_Active")]
    public bool IsActive { get; set; } = true;

    /// <summary>As typed: Jalali (yyyy/MM/dd, any digits) in Persian, yyyy-MM-dd in English.</summary>
    [Display(Name = "Field_AccessExpiresOn")]
    public string? AccessExpiresOn { get; set; }

    [DataType(DataType.Password)]
    [Display(Name = "Field_Password")]
    public string? Password { get; set; }

    public string? ConcurrencyStamp { get; set; }
}

public sealed record UserRow(Guid Id, string UserName, string DisplayName, string? Email, string? Team, IReadOnlyList<string> Roles, bool IsActive, DateTime CreatedAt);

public sealed record UserListModel(IReadOnlyList<UserRow> Users, string? Query, int Page, int PageCount, int Total);

public sealed record TeamRow(Guid Id, string Name, string? Leader, int Members, bool IsDeleted);
