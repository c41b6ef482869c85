using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Identity.Features;

/// <summary>Identity's error messages in the user's language.</summary>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<IdentityResources> l) : IdentityErrorDescriber
{
    private IdentityError Error(string code, params object[] args) => new() { Code = code, Description = l[code, args] };

    public override IdentityError PasswordTooShort(int length) => Error("PasswordTooShort", length);

    public override IdentityError PasswordRequiresDigit() => Error("PasswordRequiresDigit");

    public override IdentityError PasswordRequiresLower() => Error("PasswordRequiresLower");

    public override IdentityError PasswordMismatch() => Error("PasswordMismatch");

    public override IdentityError DuplicateUserName(string userName) => Error("DuplicateUserName", userName);

    public override IdentityError DuplicateEmail(string email) => Error("DuplicateEmail", email);

    public override IdentityError InvalidUserName(string? userName) => Error("InvalidUserName", userName ?? "");

    public override IdentityError InvalidEmail(string? email) => Error("InvalidEmail", email ?? "");

    public override IdentityError InvalidToken() => Error("InvalidToken");

    public override IdentityError ConcurrencyFailure() => Error("ConcurrencyFailure");

    public override IdentityError DefaultError() => Error("DefaultError");
}
