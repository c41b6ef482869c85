using Microsoft.AspNetCore.Http;

namespace Crm.SharedKernel.Web;

/// <summary>
/// Pages are never framed (the host's headers say <c>frame-ancestors 'none'</c>); a page made to be embedded (a public
/// form on a customer's site, a preview inside the designer) names who may frame it, and only for its own answer.
/// </summary>
public static class FramePolicy
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
}
