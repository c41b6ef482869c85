using System.Security.Cryptography;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.DataProtection;

namespace Crm.Modules.Tickets.Features;

/// <summary>
/// Links sent to customers, which work without signing in: the repair whose estimate they answer, the ticket they rate.
/// Each token is the record's id, encrypted and signed with the app's data-protection keys for one purpose and valid for
/// <see cref="Lifetime"/>, so it can neither be forged nor turned to another record or purpose. Links are built from the
/// configured public address, never from the request. That a link acts once is kept by the record it points at.
/// </summary>
public sealed class CustomerLinks(IDataProtectionProvider protection, PublicSite site)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    public const string Estimate = "estimate";

    public const string Rating = "rating";

    public string Url(string purpose, Guid id) =>
        site.Link($"/Tickets/Answer/{purpose}?t={Uri.EscapeDataString(Protector(purpose).Protect(id.ToString("N"), Lifetime))}");

    public bool TryRead(string purpose, string? token, out Guid id)
    {
        id = Guid.Empty;
        if (string.IsNullOrEmpty(token) || token.Length > 1000 || purpose is not (Estimate or Rating))
        {
            return false;
        }

        try
        {
            return Guid.TryParseExact(Protector(purpose).Unprotect(token), "N", out id);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private ITimeLimitedDataProtector Protector(string purpose) => protection.CreateProtector("Crm.Tickets.CustomerLink.v1", purpose).ToTimeLimitedDataProtector();
}
