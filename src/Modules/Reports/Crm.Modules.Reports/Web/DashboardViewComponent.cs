using Crm.Modules.Reports.Features;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Modules.Reports.Web;

/// <summary>The home page's dashboard for the signed-in user's role; nothing for a role without one.</summary>
public sealed class DashboardViewComponent(Dashboards dashboards) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var dashboard = await dashboards.BuildAsync((action, values) => Url.Action(action, "Reports", new Microsoft.AspNetCore.Routing.RouteValueDictionary(values) { ["area"] = ReportsModule.ModuleName }), HttpContext.RequestAborted);
        return dashboard is null ? Content("") : View("~/Areas/Reports/Views/Shared/Components/Dashboard/Default.cshtml", dashboard);
    }
}
