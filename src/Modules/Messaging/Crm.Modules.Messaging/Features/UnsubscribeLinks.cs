using System.Security.Cryptography;
using Crm.Modules.Messaging.Contracts;
using Microsoft.AspNetCore.DataProtection;
using Crm.SharedKernel.Web;

namespace Crm.Modules.Messaging.Features;

/// <summary>
/// Unsubscribe links that work without signing in: the token is the channel and address, encrypted and signed
/// with the app's data-protection keys, so it cannot be forged or changed to unsubscribe someone else.
/// </summary>
public sealed class UnsubscribeLinks(IDataProtectionProvider protection, PublicSite site)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Crm.Messaging.Unsubscribe.v1");

    public string Token(MessageChannel channel, string addressKey) => _protector.Protect($"{(int)channel}|{addressKey}");

    public string Url(MessageChannel channel, string addressKey) =>
        site.Link($"/Messaging/Unsubscribe?t={Uri.EscapeDataString(Token(channel, addressKey))}");

    public bool TryRead(string? token, out MessageChannel channel, out string addressKey)
    {
        channel = default;
        addressKey = "";
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        try
        {
            var parts = _protector.Unprotect(token).Split('|', 2);
            if (parts.Length != 2 || !Enum.TryParse(parts[0], out channel) || !Enum.IsDefined(channel))
            {
                return false;
            }

            addressKey = parts[1];
            return addressKey.Length > 0;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
