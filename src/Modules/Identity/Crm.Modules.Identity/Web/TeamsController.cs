using Crm.Modules.Identity.Contracts;
using Crm.Modules.Identity.Domain;
using Crm.Modules.Identity.Features.Teams;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Identity.Web;

[Area(IdentityModule.ModuleName)]
[HasPermission(IdentityPermissions.ManageTeams)]
[AutoValidateAntiforgeryToken]
public sealed class TeamsController(DbContext db, IMediator mediator, IStringLocalizer<IdentityResources> l) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var teams = await db.Set<Team>().IgnoreQueryFilters().AsNoTracking().OrderBy(t => t.IsDeleted).ThenBy(t => t.Name)
            .Select(t => new TeamRow(
                t.Id,
                t.Name,
                db.Set<ApplicationUser>().Where(u => u.Id == t.LeaderId).Select(u => u.DisplayName).FirstOrDefault(),
                db.Set<ApplicationUser>().Count(u => u.TeamId == t.Id),
                t.IsDeleted))
            .ToListAsync(cancellationToken);
        ViewBag.Leaders = new SelectList(
            await db.Set<ApplicationUser>().Where(u => u.IsActive).OrderBy(u => u.DisplayName).ToListAsync(cancellationToken),
            nameof(ApplicationUser.Id), nameof(ApplicationUser.DisplayName));
        return View(teams);
    }

    [HttpPost]
    public async Task<IActionResult> Create(string name, Guid? leaderId, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new CreateTeam(name ?? "", leaderId), cancellationToken);
            TempData["Message"] = l["Saved"].Value;
        }
        catch (ValidationException ex)
        {
            TempData["Error"] = string.Join(" ", ex.Errors.Select(e => e.ErrorMessage));
        }

        return RedirectToAction(nameof(Index));
    }

    [HttpPost]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        await mediator.Send(new SetTeamDeleted(id, true), cancellationToken);
        TempData["Message"] = l["TeamDeleted"].Value;
        return RedirectToAction(nameof(Index));
    }

    [HttpPost]
    public async Task<IActionResult> Restore(Guid id, CancellationToken cancellationToken)
    {
        await mediator.Send(new SetTeamDeleted(id, false), cancellationToken);
        TempData["Message"] = l["TeamRestored"].Value;
        return RedirectToAction(nameof(Index));
    }
}
