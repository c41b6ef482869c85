using Crm.SharedKernel.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Crm.Infrastructure.Web;

/// <summary>
/// TempData in its cookie, with every text cut to <see cref="MaxTextLength"/> characters before it is written. A
/// message that echoes what someone typed could otherwise grow the cookie until every later request is refused as
/// too large (431), locking the user out until they clear their cookies.
/// </summary>
public sealed class BoundedTempDataProvider(CookieTempDataProvider cookies) : ITempDataProvider
{
    public const int MaxTextLength = 500;

    public IDictionary<string, object> LoadTempData(HttpContext context) => cookies.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        var bounded = values.ToDictionary(
            pair => pair.Key,
            pair => pair.Value is string text ? TextLimits.Shorten(text, MaxTextLength) : pair.Value);
        cookies.SaveTempData(context, bounded);
    }
}
