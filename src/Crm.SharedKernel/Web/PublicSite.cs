namespace Crm.SharedKernel.Web;

/// <summary>
/// The address customers and staff reach the app at (the <c>PublicUrl</c> setting). Every link that leaves the app
/// (password resets, unsubscribe links, and later portal and tracking links) is built here, never from the request,
/// whose Host header anyone can set.
/// </summary>
public sealed class PublicSite
{
    public PublicSite(Uri baseUrl)
    {
        if (!baseUrl.IsAbsoluteUri || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException("The public URL must be an absolute http or https address.", nameof(baseUrl));
        }

        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public bool IsHttps => BaseUrl.Scheme == Uri.UriSchemeHttps;

    /// <summary>An absolute link to <paramref name="pathAndQuery"/> (which starts with "/") under the public address.</summary>
    public string Link(string pathAndQuery)
    {
        if (!pathAndQuery.StartsWith('/') || pathAndQuery.StartsWith("//", StringComparison.Ordinal))
        {
            throw new ArgumentException("A public link is a path on this site.", nameof(pathAndQuery));
        }

        return BaseUrl.GetLeftPart(UriPartial.Authority) + BaseUrl.AbsolutePath.TrimEnd('/') + pathAndQuery;
    }
}
