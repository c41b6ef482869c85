using Crm.Modules.Identity.Domain;
using Crm.Modules.Identity.Features;
using Crm.SharedKernel.Email;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Identity.Web;

[Area(IdentityModule.ModuleName)]
[AutoValidateAntiforgeryToken]
public sealed class AccountController(
    SignInManager<ApplicationUser> signIn,
    UserManager<ApplicationUser> users,
    IEmailSender email,
    IDisplayFormatter format,
    PublicSite site,
    SignInAttempts attempts,
    IStringLocalizer<IdentityResources> l) : Controller
{
    private static readonly Lazy<string> UnknownUserHash = new(() =>
        new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser(), Guid.NewGuid().ToString()));

    [HttpGet]
    [AllowAnonymous]
    public IActionResult SignIn(string? returnUrl = null)
    {
        ViewData["ReturnUrl"] = returnUrl;
        return View(new SignInModel());
    }

    [HttpPost]
    [AllowAnonymous]
    [EnableRateLimiting(RateLimitPolicies.Public)]
    public async Task<IActionResult> SignIn(SignInModel model, string? returnUrl = null)
    {
        ViewData["ReturnUrl"] = returnUrl;
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        var userName = model.UserName.Trim();
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        if (attempts.IsLocked(userName, address))
        {
            ModelState.AddModelError("", l["LockedOut"]);
            return View(model);
        }

        var user = await users.FindByNameAsync(userName) ?? await users.FindByEmailAsync(userName);
        if (user is null)
        {
            // Hash anyway, so an unknown name takes as long to refuse as a wrong password.
            users.PasswordHasher.VerifyHashedPassword(new ApplicationUser(), UnknownUserHash.Value, model.Password);
            attempts.Failed(userName, address);
            ModelState.AddModelError("", l["InvalidSignIn"]);
            return View(model);
        }

        var result = await signIn.CheckPasswordSignInAsync(user, model.Password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            ModelState.AddModelError("", l["LockedOut"]);
            return View(model);
        }

        if (!result.Succeeded)
        {
            attempts.Failed(userName, address);
            ModelState.AddModelError("", l["InvalidSignIn"]);
            return View(model);
        }

        attempts.Succeeded(userName, address);
        // Said only to whoever knows the password, so the form does not tell strangers which accounts are disabled.
        if (!user.IsActive || (user.AccessExpiresOn is { } lastDay && lastDay < format.Today()))
        {
            ModelState.AddModelError("", l["AccountDisabled"]);
            return View(model);
        }

        await signIn.SignInAsync(user, model.RememberMe);

        // Customers belong to the self-service portal; the staff application is not theirs.
        var roles = await users.GetRolesAsync(user);
        if (!roles.Any(r => CrmRoles.Staff.Contains(r)))
        {
            await signIn.SignOutAsync();
            ModelState.AddModelError("", l["NotStaffAccount"]);
            return View(model);
        }

        if (user.PreferredCulture is { } culture && SupportedCultures.All.Contains(culture))
        {
            CultureCookie.Set(Response, culture);
        }

        if (user.MustChangePassword)
        {
            return RedirectToAction(nameof(ChangePassword));
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }

    [HttpPost]
    [Authorize]
    [AllowedBeforePasswordChange]
    public new async Task<IActionResult> SignOut()
    {
        // A new stamp makes every copy of the cookie useless, not only the one this browser drops.
        if (await users.GetUserAsync(User) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }

        await signIn.SignOutAsync();
        return RedirectToAction(nameof(SignIn));
    }

    [HttpGet]
    [AllowAnonymous]
    public IActionResult ForgotPassword() => View(new ForgotPasswordModel());

    [HttpPost]
    [AllowAnonymous]
    [EnableRateLimiting(RateLimitPolicies.Public)]
    public async Task<IActionResult> ForgotPassword(ForgotPasswordModel model)
    {
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        var user = await users.FindByEmailAsync(model.Email.Trim());
        if (user is { IsActive: true })
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            // From the configured public address: the request's Host header is the sender's to choose.
            var link = site.Link(Url.Action(nameof(ResetPassword), "Account", new { area = IdentityModule.ModuleName, userId = user.Id, token })!);
            var encodedLink = System.Net.WebUtility.HtmlEncode(link);
            await email.SendAsync(new EmailMessage(
                user.Email!,
                l["ResetEmailSubject"],
                $"<p>{System.Net.WebUtility.HtmlEncode(l["ResetEmailBody"])}</p><p><a href=\"{encodedLink}\">{encodedLink}</a></p>",
                $"{l["ResetEmailBody"]}\n\n{link}\n"));
        }

        // The same answer whether or not the address is known, so the form cannot be used to probe accounts.
        TempData["Message"] = l["ResetEmailSent"].Value;
        return RedirectToAction(nameof(SignIn));
    }

    [HttpGet]
    [AllowAnonymous]
    public IActionResult ResetPassword(string userId, string token) =>
        View(new ResetPasswordModel { UserId = userId, Token = token });

    [HttpPost]
    [AllowAnonymous]
    [EnableRateLimiting(RateLimitPolicies.Public)]
    public async Task<IActionResult> ResetPassword(ResetPasswordModel model)
    {
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        var user = await users.FindByIdAsync(model.UserId);
        var result = user is null
            ? IdentityResult.Failed(users.ErrorDescriber.InvalidToken())
            : await users.ResetPasswordAsync(user, model.Token, model.NewPassword);
        if (!result.Succeeded)
        {
            AddErrors(result);
            return View(model);
        }

        user!.MustChangePassword = false;
        await users.UpdateAsync(user);
        TempData["Message"] = l["PasswordResetDone"].Value;
        return RedirectToAction(nameof(SignIn));
    }

    [HttpGet]
    [Authorize]
    [AllowedBeforePasswordChange]
    public async Task<IActionResult> ChangePassword()
    {
        var user = await users.GetUserAsync(User);
        ViewData["Forced"] = user?.MustChangePassword == true;
        return View(new ChangePasswordModel());
    }

    [HttpPost]
    [Authorize]
    [AllowedBeforePasswordChange]
    public async Task<IActionResult> ChangePassword(ChangePasswordModel model)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        ViewData["Forced"] = user.MustChangePassword;
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        var result = await users.ChangePasswordAsync(user, model.CurrentPassword, model.NewPassword);
        if (!result.Succeeded)
        {
            AddErrors(result);
            return View(model);
        }

        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        await signIn.RefreshSignInAsync(user);
        TempData["Message"] = l["PasswordChanged"].Value;
        return LocalRedirect("/");
    }

    private void AddErrors(IdentityResult result)
    {
        foreach (var error in result.Errors)
        {
            ModelState.AddModelError("", error.Description);
        }
    }
}
