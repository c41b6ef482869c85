using System.ComponentModel.DataAnnotations;

namespace Crm.Modules.Identity.Web;

public sealed class SignInModel
{
    [Required(ErrorMessage = "Required")]
    [StringLength(256, ErrorMessage = "InvalidSignIn")]
    [Display(Name = "Field_UserName")]
    public string UserName { get; set; } = "";

    [Required(ErrorMessage = "Required")]
    [StringLength(256, ErrorMessage = "InvalidSignIn")]
    [DataType(DataType.Password)]
    [Display(Name = "Field_Password")]
    public string Password { get; set; } = "";

    [Display(Name = "Field_RememberMe")]
    public bool RememberMe { get; set; }
}

public sealed class ForgotPasswordModel
{
    [Required(ErrorMessage = "Required")]
    [EmailAddress(ErrorMessage = "InvalidEmail")]
    [Display(Name = "Field_Email")]
    public string Email { get; set; } = "";
}

/// <summary>A new password typed twice; shared by the reset and change forms.</summary>
public abstract class NewPasswordModel
{
    [Required(ErrorMessage = "Required")]
    [DataType(DataType.Password)]
    [Display(Name = "Field_NewPassword")]
    public string NewPassword { get; set; } = "";

    [Compare(nameof(NewPassword), ErrorMessage = "PasswordsDoNotMatch")]
    [DataType(DataType.Password)]
    [Display(Name = "Field_ConfirmPassword")]
    public string ConfirmPassword { get; set; } = "";
}

public sealed class ResetPasswordModel : NewPasswordModel
{
    [Required]
    public string UserId { get; set; } = "";

    [Required]
    public string Token { get; set; } = "";
}

public sealed class ChangePasswordModel : NewPasswordModel
{
    [Required(ErrorMessage = "Required")]
    [DataType(DataType.Password)]
    [Display(Name = "Field_CurrentPassword")]
    public string CurrentPassword { get; set; } = "";
}
