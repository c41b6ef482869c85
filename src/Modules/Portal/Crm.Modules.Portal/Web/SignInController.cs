using System.Globalization;
using Crm.Modules.Portal.Domain;
using Crm.Modules.Portal.Features;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Portal.Web;

/// <summary>The sign-in page's model: the number typed, the code page's wait before another code, and what to say.</summary>
public sealed record SignInModel(string? Mobile, int WaitSeconds, string? Error, string? Notice)
{
    /// <summary>The portal page the customer was on their way to (a task's link in an SMS), opened once signed in.</summary>
    public string? ReturnUrl { get; init; }

    /// <summary>Whether the page also offers email and password, and what was typed there.</summary>
    public bool Passwords { get; init; }

    public string? Email { get; init; }

    public string? PasswordError { get; init; }
}

/// <summary>
/// Customers sign in with their mobile and a code sent to it. Every answer about a number is the same whether or not it
/// has an account; the limits (a wait between codes, codes per number and per address, tries per code) say so plainly.
/// </summary>
[Area(PortalModule.ModuleName)]
[AllowAnonymous]
[AutoValidateAntiforgeryToken]
[EnableRateLimiting(RateLimitPolicies.Public)]
public sealed class SignInController(SignInCodes codes, PortalPasswords passwords, DbContext db, IDisplayFormatter fmt, IStringLocalizer<PortalResources> l) : Controller
{
    [HttpGet("/portal/sign-in")]
    public async Task<IActionResult> SignIn(string? returnUrl)
    {
        // The language the customer arrived in (an English invitation's link names it) stays for the pages that follow.
        CultureCookie.Set(Response, CultureInfo.CurrentUICulture.Name == SupportedCultures.English ? SupportedCultures.English : SupportedCultures.Persian);
        var back = PortalPath(returnUrl);
        return (await HttpContext.AuthenticateAsync(PortalSession.Scheme)).Succeeded
            ? Redirect(back ?? "/portal")
            : View(new SignInModel(null, 0, null, null) { ReturnUrl = back, Passwords = await passwords.IsOnAsync(HttpContext.RequestAborted) });
    }

    /// <summary>Email and password, where allowed; every failure (unknown email, wrong password, locked) gets the same answer.</summary>
    [HttpPost("/portal/sign-in/password")]
    public async Task<IActionResult> Password(string? email, string? password, string? returnUrl, CancellationToken cancellationToken)
    {
        if (!await passwords.IsOnAsync(cancellationToken))
        {
            return NotFound();
        }

        var back = PortalPath(returnUrl);
        if (await passwords.CheckAsync(email, password, cancellationToken) is not { } account)
        {
            Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status422UnprocessableEntity;
            return View("SignIn", new SignInModel(null, 0, null, null)
            {
                ReturnUrl = back, Passwords = true, Email = email is null ? null : TextLimits.Shorten(email.Trim(), 200), PasswordError = l["Error_Password"],
            });
        }

        return await SignInAsync(account, back, cancellationToken);
    }

    [HttpPost("/portal/sign-in")]
    public async Task<IActionResult> SignIn(string? mobile, string? returnUrl, CancellationToken cancellationToken)
    {
        mobile = mobile is null ? null : TextLimits.Shorten(mobile.Trim(), 30);
        var back = PortalPath(returnUrl);
        if (!PhoneNumber.IsIranianMobile(mobile))
        {
            return View(new SignInModel(mobile, 0, l["Error_Mobile"], null) { ReturnUrl = back, Passwords = await passwords.IsOnAsync(cancellationToken) });
        }

        var key = PhoneNumber.Normalize(mobile);
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var request = await codes.RequestAsync(key, address, cancellationToken);
        if (request.Accepted || request.ErrorKey == "Error_WaitToResend")
        {
            // To the code page either way: a code asked a moment ago is still the one to type.
            return Redirect("/portal/code?mobile=0" + key + (back is null ? "" : "&returnUrl=" + Uri.EscapeDataString(back)));
        }

        return View(new SignInModel(mobile, 0, l[request.ErrorKey!], null) { ReturnUrl = back, Passwords = await passwords.IsOnAsync(cancellationToken) });
    }

    [HttpGet("/portal/code")]
    public async Task<IActionResult> Code(string? mobile, string? returnUrl, CancellationToken cancellationToken)
    {
        if (!PhoneNumber.IsIranianMobile(mobile))
        {
            return Redirect("/portal/sign-in");
        }

        var key = PhoneNumber.Normalize(mobile);
        return View(new SignInModel("0" + key, await codes.WaitBeforeResendAsync(key, cancellationToken), null, l["Code_Sent", PhoneNumber.Display(key)]) { ReturnUrl = PortalPath(returnUrl) });
    }

    [HttpPost("/portal/code")]
    public async Task<IActionResult> Code(string? mobile, string? code, string? returnUrl, CancellationToken cancellationToken)
    {
        if (!PhoneNumber.IsIranianMobile(mobile))
        {
            return Redirect("/portal/sign-in");
        }

        var key = PhoneNumber.Normalize(mobile);
        var check = await codes.CheckAsync(key, TextLimits.Shorten(code ?? "", 20), cancellationToken);
        if (check.Account is not { } account)
        {
            var error = check.ErrorKey == "Error_WrongCode" ? l["Error_WrongCode", check.TriesLeft] : l[check.ErrorKey!];
            return View(new SignInModel("0" + key, await codes.WaitBeforeResendAsync(key, cancellationToken), error, null) { ReturnUrl = PortalPath(returnUrl) });
        }

        return await SignInAsync(account, PortalPath(returnUrl), cancellationToken);
    }

    private async Task<IActionResult> SignInAsync(PortalAccount account, string? back, CancellationToken cancellationToken)
    {
        // Messages to the account follow the language the customer signs in with.
        var culture = fmt.IsPersian ? "fa" : "en";
        if (account.Culture != culture)
        {
            await db.Set<PortalAccount>().Where(a => a.Id == account.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Culture, culture), cancellationToken);
        }

        await HttpContext.SignInAsync(PortalSession.Scheme, PortalSession.Principal(account), new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });
        return Redirect(back ?? "/portal");
    }

    /// <summary>A page of this portal to go back to; anything else (another site, a staff page) is dropped.</summary>
    private string? PortalPath(string? url) =>
        url is { Length: > 8 and <= 300 } && url.StartsWith("/portal/", StringComparison.Ordinal) && Url.IsLocalUrl(url) && !url.Contains('\\') ? url : null;

    [HttpPost("/portal/sign-out")]
    public new async Task<IActionResult> SignOut()
    {
        await HttpContext.SignOutAsync(PortalSession.Scheme);
        return Redirect("/portal/sign-in");
    }
}
