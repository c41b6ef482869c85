using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Controllers;

/// <summary>
/// The benchmark floor: a bare page that reads one table and renders it through the same stack
/// (routing, authentication, EF Core, Razor) as every real page, without the shell around it.
/// </summary>
[HasPermission(PlatformPermissions.ViewDiagnostics)]
public sealed class DiagnosticsController(CrmDbContext db) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Floor(CancellationToken cancellationToken) =>
        View(await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.At).Take(20).ToListAsync(cancellationToken));
}
