using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Controllers;

public sealed class HomeController : Controller
{
    [HttpGet]
    public IActionResult Index() => View();
}
