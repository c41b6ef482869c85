using Crm.Modules.Identity.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Identity.Features.Users;

/// <summary>Creates a user (Id null) or updates one; ConcurrencyStamp guards against overwriting another edit.</summary>
public sealed record SaveUser(
    Guid? Id,
    string UserName,
    string DisplayName,
    string Email,
    string? PhoneNumber,
    Guid? TeamId,
    IReadOnlyList<string> Roles,
    bool IsActive,
    DateOnly? AccessExpiresOn,
    string? Password,
    string? ConcurrencyStamp) : ICommand<Guid>;

public sealed class SaveUserValidator : AbstractValidator<SaveUser>
{
    public SaveUserValidator(IStringLocalizer<IdentityResources> l)
    {
        RuleFor(c => c.UserName).NotEmpty().WithMessage(l["Required", l["Field_UserName"]])
            .MaximumLength(64).Matches("^[a-zA-Z0-9._@-]+$").WithMessage(l["UserNameFormat"]);
        RuleFor(c => c.DisplayName).NotEmpty().WithMessage(l["Required", l["Field_DisplayName"]]).MaximumLength(200);
        RuleFor(c => c.Email).NotEmpty().WithMessage(l["Required", l["Field_Email"]]).EmailAddress().WithMessage(l["InvalidEmail", ""]);
        RuleFor(c => c.Roles).NotEmpty().WithMessage(l["RoleRequired"]);
        RuleForEach(c => c.Roles).Must(r => CrmRoles.All.Contains(r)).WithMessage(l["DefaultError"]);
        RuleFor(c => c.Password).NotEmpty().When(c => c.Id is null).WithMessage(l["Required", l["Field_Password"]]);
    }
}

public sealed class SaveUserHandler(UserManager<ApplicationUser> users, DbContext db) : IRequestHandler<SaveUser, Guid>
{
    public async ValueTask<Guid> Handle(SaveUser request, CancellationToken cancellationToken)
    {
        if (request.TeamId is { } teamId && !await db.Set<Team>().AnyAsync(t => t.Id == teamId, cancellationToken))
        {
            throw new ValidationException([new ValidationFailure(nameof(request.TeamId), "DefaultError")]);
        }

        ApplicationUser user;
        if (request.Id is null)
        {
            user = new ApplicationUser { EmailConfirmed = true };
        }
        else
        {
            user = await users.FindByIdAsync(request.Id.Value.ToString())
                ?? throw new KeyNotFoundException($"User {request.Id} not found.");
            // The edit is based on the stamp the editor loaded; a newer save since then wins and this one is refused.
            // (A save racing in after this read is caught by the store's own concurrency token.)
            if (user.ConcurrencyStamp != request.ConcurrencyStamp)
            {
                Check(IdentityResult.Failed(users.ErrorDescriber.ConcurrencyFailure()));
            }
        }

        var before = (user.UserName, user.TeamId, user.IsActive, user.AccessExpiresOn);
        user.UserName = request.UserName.Trim();
        user.DisplayName = request.DisplayName.Trim();
        user.Email = request.Email.Trim();
        user.PhoneNumber = string.IsNullOrWhiteSpace(request.PhoneNumber) ? null : request.PhoneNumber.Trim();
        user.TeamId = request.TeamId;
        user.IsActive = request.IsActive;
        user.AccessExpiresOn = request.AccessExpiresOn;

        Check(request.Id is null ? await users.CreateAsync(user, request.Password!) : await users.UpdateAsync(user));

        var current = await users.GetRolesAsync(user);
        var rolesChanged = !current.ToHashSet().SetEquals(request.Roles);
        Check(await users.RemoveFromRolesAsync(user, current.Except(request.Roles)));
        Check(await users.AddToRolesAsync(user, request.Roles.Except(current)));
        if (request.Id is not null && (rolesChanged || before != (user.UserName, user.TeamId, user.IsActive, user.AccessExpiresOn)))
        {
            // The cookie carries roles, permissions and team: a new stamp sends the user to sign in again on their next request.
            Check(await users.UpdateSecurityStampAsync(user));
        }

        return user.Id;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new ValidationException(result.Errors.Select(e => new ValidationFailure(e.Code, e.Description) { ErrorCode = e.Code }));
        }
    }
}
