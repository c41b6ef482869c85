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

    /// <summary>The token names the message it came in (when known), so whoever sent it can count the unsubscribe as theirs.</summary>
    public string Token(MessageChannel channel, string addressKey, Guid? messageId = null) =>
        _protector.Protect($"v2|{(int)channel}|{messageId?.ToString("N") ?? "-"}|{addressKey}");

    public string Url(MessageChannel channel, string addressKey, Guid? messageId = null) =>
        site.Link($"/Messaging/Unsubscribe?t={Uri.EscapeDataString(Token(channel, addressKey, messageId))}");

    public bool TryRead(string? token, out MessageChannel channel, out string addressKey) => TryRead(token, out channel, out addressKey, out _);

    public bool TryRead(string? token, out MessageChannel channel, out string addressKey, out Guid? messageId)
    {
        channel = default;
        addressKey = "";
        messageId = null;
        if (string.IsNullOrEmpty(token) || token.Length > 2000)
        {
            return false;
        }

        try
        {
            var text = _protector.Unprotect(token);
            // Links mailed before messages were named carry "channel|address".
            var parts = text.StartsWith("v2|", StringComparison.Ordinal) ? text.Split('|', 4)[1..] : text.Split('|', 2) is [var c, var a] ? [c, "-", a] : [];
            if (parts.Length != 3 || !Enum.TryParse(parts[0], out channel) || !Enum.IsDefined(channel))
            {
                return false;
            }

            messageId = Guid.TryParseExact(parts[1], "N", out var id) ? id : null;
            addressKey = parts[2];
            return addressKey.Length > 0;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
