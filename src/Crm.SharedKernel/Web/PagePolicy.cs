using Microsoft.AspNetCore.Http;

namespace Crm.SharedKernel.Web;

/// <summary>
/// Widens the host's content security policy for one answer only: pages are never framed (<c>frame-ancestors 'none'</c>)
/// except one made to be embedded (a public form on a customer's site, a preview inside the designer), which names who
/// may frame it; a form may lead on to its own site; a map may show the tiles of the configured tile server.
/// </summary>
public static class PagePolicy
{
    /// <param name="ancestors">Origins (https://example.com) or <c>'self'</c>.</param>
    public static void AllowAncestors(HttpResponse response, IEnumerable<string> ancestors)
    {
        var list = string.Join(' ', ancestors.Where(a => a == "'self'" || (Uri.TryCreate(a, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
            .Select(a => a == "'self'" ? a : new Uri(a).GetLeftPart(UriPartial.Authority)).Distinct());
        var policy = response.Headers.ContentSecurityPolicy.ToString();
        response.Headers.ContentSecurityPolicy = policy.Replace("frame-ancestors 'none'", "frame-ancestors " + (list.Length == 0 ? "'none'" : list), StringComparison.Ordinal);
        // X-Frame-Options cannot name several sites; the policy above is what browsers follow.
        response.Headers.Remove("X-Frame-Options");
    }

    /// <summary>Lets a page's form lead on to <paramref name="target"/> (a form's thank-you page on the customer's own site) after it posts.</summary>
    public static void AllowFormTarget(HttpResponse response, string target)
    {
        if (Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
        {
            var policy = response.Headers.ContentSecurityPolicy.ToString();
            response.Headers.ContentSecurityPolicy = policy.Replace("form-action 'self'", "form-action 'self' " + uri.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);
        }
    }

    /// <summary>Lets the page show images (map tiles) from the origin of <paramref name="url"/>.</summary>
    public static void AllowImagesFrom(HttpResponse response, string url)
    {
        if (Uri.TryCreate(url.Replace("{s}", "a").Replace("{z}", "0").Replace("{x}", "0").Replace("{y}", "0").Replace("{r}", ""), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
        {
            var origin = uri.GetLeftPart(UriPartial.Authority);
            var host = url.Contains("{s}", StringComparison.Ordinal) ? uri.Scheme + "://*." + string.Join('.', uri.Host.Split('.').Skip(1)) + (uri.IsDefaultPort ? "" : ":" + uri.Port) : origin;
            var policy = response.Headers.ContentSecurityPolicy.ToString();
            response.Headers.ContentSecurityPolicy = policy.Replace("img-src 'self'", "img-src 'self' " + host, StringComparison.Ordinal);
        }
    }
}
