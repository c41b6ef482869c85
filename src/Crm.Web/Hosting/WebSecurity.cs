using System.Net;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HttpOverrides;

namespace Crm.Web.Hosting;

/// <summary>
/// What keeps the app's edge honest: one configured public address for every link that leaves the app, requests for
/// other hosts refused, forwarded headers trusted only from the proxies named, secure cookies and HSTS behind TLS,
/// and a content security policy with no inline script.
/// </summary>
public static class WebSecurity
{
    public const string PublicUrlSetting = "PublicUrl";

    /// <summary>Used outside production when <c>PublicUrl</c> is not set: the address <c>dotnet run</c> listens on.</summary>
    public const string DevelopmentPublicUrl = "http://localhost:5080";

    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; " +
        "connect-src 'self'; frame-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";

    private const string PermissionsPolicy = "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)";

    public static PublicSite AddCrmWebSecurity(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var configured = configuration[PublicUrlSetting];
        if (string.IsNullOrWhiteSpace(configured))
        {
            if (builder.Environment.IsProduction())
            {
                throw new InvalidOperationException(
                    "PublicUrl is required in production: the address people reach the app at (for example https://crm.example.com). Links in mails are built from it.");
            }

            configured = DevelopmentPublicUrl;
        }

        if (!Uri.TryCreate(configured, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"PublicUrl must be an absolute http or https address, not '{configured}'.");
        }

        var site = new PublicSite(baseUrl);
        builder.Services.AddSingleton(site);

        // Only the public host (and the machine itself, for health probes) unless AllowedHosts says otherwise.
        if (string.IsNullOrWhiteSpace(configuration["AllowedHosts"]))
        {
            configuration["AllowedHosts"] = string.Join(';', new[] { baseUrl.Host, "localhost", "127.0.0.1", "[::1]" }.Distinct(StringComparer.OrdinalIgnoreCase));
        }

        var proxies = configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = 1;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });

        builder.Services.Configure<CookiePolicyOptions>(options =>
        {
            options.Secure = site.IsHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.HttpOnly = HttpOnlyPolicy.None;
            options.MinimumSameSitePolicy = SameSiteMode.Lax;
        });
        builder.Services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        return site;
    }

    /// <summary>The first middleware: who the client is, then the headers every answer carries.</summary>
    public static void UseCrmWebSecurity(this WebApplication app)
    {
        if (app.Configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() is { Length: > 0 })
        {
            app.UseForwardedHeaders();
        }

        var site = app.Services.GetRequiredService<PublicSite>();
        if (site.IsHttps && !app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseCookiePolicy();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Permissions-Policy"] = PermissionsPolicy;
            await next();
        });
    }
}
