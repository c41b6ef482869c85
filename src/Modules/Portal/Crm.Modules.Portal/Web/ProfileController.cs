using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Notifications.Contracts;
using Crm.Modules.Portal.Contracts;
using Crm.Modules.Portal.Domain;
using Crm.Modules.Portal.Features;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Portal.Web;

public sealed class ProfileInput
{
    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? City { get; set; }

    public string? Address { get; set; }

    public string? PostalCode { get; set; }
}

public sealed record ProfileModel(BillingDetails Details, ProfileInput Input, PortalProfileRequest? Pending, IReadOnlyDictionary<string, string> Errors)
{
    /// <summary>Whether customers may sign in by email and password, and whether this one set a password.</summary>
    public bool Passwords { get; init; }

    public bool HasPassword { get; init; }

    public string? PasswordError { get; init; }
}

/// <summary>
/// The customer's own details on the portal: read them, and change the email, a phone, the city, the address and the
/// postal code. Changes are applied at once where the administrator allows it, otherwise they wait for staff as a
/// request (one per account: a newer one replaces a pending one). The mobile, which signs the customer in, is not changed here.
/// </summary>
[PortalPage]
[AutoValidateAntiforgeryToken]
public sealed class ProfileController(DbContext db, IMediator mediator, PortalMenu menu, PortalPasswords passwords, RecordDirectory records, IClock clock,
    IStringLocalizer<PortalResources> l) : Controller
{
    [HttpGet("/portal/profile")]
    public async Task<IActionResult> Profile(CancellationToken cancellationToken)
    {
        if (PortalCustomer.Of(User) is not { } customer || await DetailsAsync(customer, cancellationToken) is not { } details)
        {
            return NotFound();
        }

        var input = new ProfileInput { Email = details.Email, PostalCode = details.PostalCode };
        return await PageAsync(customer, new ProfileModel(details, input, await PendingAsync(customer, cancellationToken), new Dictionary<string, string>()), cancellationToken);
    }

    /// <summary>Sets the password the customer signs in with together with their email; their other sessions end.</summary>
    [HttpPost("/portal/profile/password")]
    public async Task<IActionResult> Password(string? password, string? confirm, CancellationToken cancellationToken)
    {
        if (PortalCustomer.Of(User) is not { } customer || !await passwords.IsOnAsync(cancellationToken) || await DetailsAsync(customer, cancellationToken) is not { } details)
        {
            return NotFound();
        }

        var error = details.Email is null ? "Error_NoEmail" : PortalPasswords.Problem(password, confirm)
            ?? await passwords.SetAsync(customer.AccountId, details.Email, password!, cancellationToken);
        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            var model = new ProfileModel(details, new ProfileInput { Email = details.Email, PostalCode = details.PostalCode }, await PendingAsync(customer, cancellationToken),
                new Dictionary<string, string>()) { PasswordError = l[error] };
            return await PageAsync(customer, model, cancellationToken);
        }

        // This session goes on under the new stamp; the others end at their next request.
        var account = await db.Set<PortalAccount>().AsNoTracking().FirstAsync(a => a.Id == customer.AccountId, cancellationToken);
        await HttpContext.SignInAsync(PortalPages.Scheme, PortalSession.Principal(account), new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });
        TempData["Message"] = l["Profile_PasswordSet"].Value;
        return Redirect("/portal/profile");
    }

    private async Task<IActionResult> PageAsync(PortalCustomer customer, ProfileModel model, CancellationToken cancellationToken)
    {
        var on = await passwords.IsOnAsync(cancellationToken);
        var hasPassword = on && await db.Set<PortalAccount>().AnyAsync(a => a.Id == customer.AccountId && a.PasswordHash != null, cancellationToken);
        return View("~/Areas/Portal/Views/Profile/Profile.cshtml", model with { Passwords = on, HasPassword = hasPassword });
    }

    [HttpPost("/portal/profile")]
    public async Task<IActionResult> Save(ProfileInput input, CancellationToken cancellationToken)
    {
        if (PortalCustomer.Of(User) is not { } customer || await DetailsAsync(customer, cancellationToken) is not { } details)
        {
            return NotFound();
        }

        var errors = Check(input);
        var changed = Changes(input, details);
        if (errors.Count == 0 && changed is null)
        {
            errors[""] = l["Profile_NothingChanged"];
        }

        if (errors.Count > 0 || changed is null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await PageAsync(customer, new ProfileModel(details, Bounded(input), await PendingAsync(customer, cancellationToken), errors), cancellationToken);
        }

        if ((await menu.SettingsAsync(cancellationToken)).ApplyProfileChanges)
        {
            await mediator.Send(new UpdateContactDetails(customer.ContactId, changed.Email, changed.Phone, changed.City, changed.Address, changed.PostalCode), cancellationToken);
            TempData["Message"] = l["Profile_Applied"].Value;
            return Redirect("/portal/profile");
        }

        var request = await db.Set<PortalProfileRequest>().FirstOrDefaultAsync(r => r.AccountId == customer.AccountId && r.State == ProfileRequestState.Pending, cancellationToken);
        if (request is null)
        {
            request = new PortalProfileRequest { AccountId = customer.AccountId, ContactId = customer.ContactId };
            db.Add(request);
        }

        (request.Email, request.Phone, request.City, request.Address, request.PostalCode, request.CreatedAt) =
            (changed.Email, changed.Phone, changed.City, changed.Address, changed.PostalCode, clock.UtcNow);
        await db.SaveChangesAsync(cancellationToken);
        // The contact's owner is told, so a request does not wait until someone happens to open the contact.
        if (await records.FindVisibleAsync(customer.Contact, cancellationToken) is { OwnerId: { } owner } contact)
        {
            await mediator.Send(new Notify([owner], l.InBoth("Notice_ProfileRequest", contact.Title), contact.Url), cancellationToken);
        }

        TempData["Message"] = l["Profile_Requested"].Value;
        return Redirect("/portal/profile");
    }

    private async Task<BillingDetails?> DetailsAsync(PortalCustomer customer, CancellationToken cancellationToken) =>
        (await mediator.Send(new GetBillingDetails([customer.Contact]), cancellationToken)).GetValueOrDefault(customer.Contact);

    private Task<PortalProfileRequest?> PendingAsync(PortalCustomer customer, CancellationToken cancellationToken) =>
        db.Set<PortalProfileRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.AccountId == customer.AccountId && r.State == ProfileRequestState.Pending, cancellationToken);

    private Dictionary<string, string> Check(ProfileInput input)
    {
        var errors = new Dictionary<string, string>();
        (input.Email, input.Phone, input.City, input.Address) = (Trim(input.Email), Trim(input.Phone), Trim(input.City), Trim(input.Address));
        input.PostalCode = Trim(input.PostalCode) is { } code ? Digits.ToLatin(code).Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal) : null;
        if (input.Email is not null && (input.Email.Length > PortalProfileRequest.EmailMaxLength || !EmailAddress.IsValid(input.Email)))
        {
            errors[nameof(input.Email)] = l["Profile_BadEmail"];
        }

        if (input.Phone is not null && (input.Phone.Length > PortalProfileRequest.PhoneMaxLength || PhoneNumber.Normalize(input.Phone).Length is < 8 or > 15))
        {
            errors[nameof(input.Phone)] = l["Profile_BadPhone"];
        }

        if (input.City?.Length > PortalProfileRequest.CityMaxLength)
        {
            errors[nameof(input.City)] = l["Error_TooLong", PortalProfileRequest.CityMaxLength];
        }

        if (input.Address?.Length > PortalProfileRequest.AddressMaxLength)
        {
            errors[nameof(input.Address)] = l["Error_TooLong", PortalProfileRequest.AddressMaxLength];
        }

        if (input.PostalCode is not null && (input.PostalCode.Length != PortalProfileRequest.PostalCodeMaxLength || !input.PostalCode.All(char.IsAsciiDigit)))
        {
            errors[nameof(input.PostalCode)] = l["Profile_BadPostalCode"];
        }

        return errors;
    }

    /// <summary>What differs from the contact's details now; null when nothing does.</summary>
    private static ProfileInput? Changes(ProfileInput input, BillingDetails details)
    {
        var changed = new ProfileInput
        {
            Email = input.Email is { } email && EmailAddress.Normalize(email) != EmailAddress.Normalize(details.Email) ? email : null,
            Phone = input.Phone is { } phone && PhoneNumber.Normalize(phone) != PhoneNumber.Normalize(details.Phone) && PhoneNumber.Normalize(phone) != PhoneNumber.Normalize(details.Mobile) ? phone : null,
            City = input.City is null ? null : PersianText.Clean(input.City),
            Address = input.Address is null ? null : PersianText.Clean(input.Address),
            PostalCode = input.PostalCode is { } code && code != details.PostalCode ? code : null,
        };
        return changed is { Email: null, Phone: null, City: null, Address: null, PostalCode: null } ? null : changed;
    }

    /// <summary>What was typed, cut to twice its bound, to show back with its errors.</summary>
    private static ProfileInput Bounded(ProfileInput input) => new()
    {
        Email = Cut(input.Email, PortalProfileRequest.EmailMaxLength), Phone = Cut(input.Phone, PortalProfileRequest.PhoneMaxLength),
        City = Cut(input.City, PortalProfileRequest.CityMaxLength), Address = Cut(input.Address, PortalProfileRequest.AddressMaxLength),
        PostalCode = Cut(input.PostalCode, PortalProfileRequest.PostalCodeMaxLength),
    };

    private static string? Cut(string? text, int bound) => text is null ? null : TextLimits.Shorten(text, bound * 2);

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
