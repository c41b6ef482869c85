using Crm.Modules.Portal.Features;
using Crm.SharedKernel.Files;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Crm.SharedKernel.Security;

namespace Crm.Modules.Portal.Web;

/// <summary>The company's logo on the portal: a small PNG, JPEG or WebP image (never SVG, which can carry script), checked by its bytes.</summary>
public static class PortalLogo
{
    public const long MaxBytes = 512 * 1024;

    private static readonly string[] Images = ["image/png", "image/jpeg", "image/webp"];

    public static string StoreName(Guid id) => $"portal/logo/{id:N}";

    /// <summary>The image's type, or null when it is too large or not one of the images taken.</summary>
    public static async Task<string?> TypeOfAsync(IFormFile file, CancellationToken cancellationToken)
    {
        if (file.Length > MaxBytes)
        {
            return null;
        }

        var head = new byte[AttachmentTypes.HeadLength];
        await using var stream = file.OpenReadStream();
        var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var type = AttachmentTypes.ContentTypeOf(AttachmentTypes.CleanName(file.FileName), head.AsMemory(0, read));
        return type is not null && Images.Contains(type) ? type : null;
    }
}

/// <summary>Serves the logo to anyone (the sign-in page shows it); its address changes with every new logo, so it is cached long.</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimitPolicies.Public)]
public sealed class PortalLogoController(PortalMenu menu, IFileStore files) : Controller
{
    [HttpGet("/portal/logo")]
    public async Task<IActionResult> Logo(CancellationToken cancellationToken)
    {
        var settings = await menu.SettingsAsync(cancellationToken);
        if (settings.LogoStore is not { } store || settings.LogoType is not { } type || await files.OpenReadAsync(store, cancellationToken) is not { } content)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "public, max-age=86400";
        Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(content, type);
    }
}
