using Crm.SharedKernel.Caching;
using System.Globalization;
using Crm.Modules.Reports.Features;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Memory;

namespace Crm.Modules.Reports.Web;

/// <summary>
/// The home page's dashboard for the signed-in user's role; nothing for a role without one. A user's dashboard is kept
/// for a minute (a dozen report queries on every visit to the home page would make it the slowest page of the app);
/// the card says how old its figures are and offers a refresh.
/// </summary>
public sealed class DashboardViewComponent(Dashboards dashboards, IMemoryCache cache, ISharedCacheInvalidation invalidation, ICurrentUser user, IClock clock) : ViewComponent
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(1);

    public sealed record Model(Dashboards.Dashboard Dashboard, DateTime BuiltAt);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        // Per user, permissions and language: the cards and figures follow the user's permissions, the texts and periods
        // the language, so a user whose role changed does not see the old role's dashboard.
        var key = $"reports.dashboard:{user.UserId}:{dashboards.Audience}:{CultureInfo.CurrentUICulture.Name}";
        if (Request.Query.ContainsKey("refresh"))
        {
            // Every instance: the next request may be served by another one.
            invalidation.Remove(key);
        }

        if (!cache.TryGetValue(key, out Model? model))
        {
            var dashboard = await dashboards.BuildAsync((action, values) => Url.Action(action, "Reports", new Microsoft.AspNetCore.Routing.RouteValueDictionary(values) { ["area"] = ReportsModule.ModuleName }), HttpContext.RequestAborted);
            model = dashboard is null ? null : new Model(dashboard, clock.UtcNow);
            cache.Set(key, model, KeptFor);
        }

        return model is null ? Content("") : View("~/Areas/Reports/Views/Shared/Components/Dashboard/Default.cshtml", model);
    }
}
