using Crm.Modules.Leads.Features;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Leads.Domain;
using Crm.SharedKernel.Messaging;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Crm.SharedKernel.Security;

namespace Crm.Modules.Leads.Web;

public sealed record AssignmentRow(TeamSummary Team, bool Active, int Members, string? LastAssigned);

/// <summary>Managers switch round-robin lead assignment on or off per team.</summary>
[Area(LeadsModule.ModuleName)]
[HasPermission(LeadsPermissions.ManageAssignment)]
[AutoValidateAntiforgeryToken]
public sealed class LeadAssignmentController(DbContext db, IMediator mediator, IStringLocalizer<LeadsResources> l) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var rules = await db.Set<LeadAssignmentRule>().AsNoTracking().ToDictionaryAsync(r => r.TeamId, cancellationToken);
        var users = await mediator.Send(new ListUsers(ActiveOnly: true), cancellationToken);
        var teams = await mediator.Send(new ListTeams(), cancellationToken);
        var rows = teams.Select(t =>
        {
            var rule = rules.GetValueOrDefault(t.Id);
            var last = rule?.LastAssignedUserId is { } id ? users.FirstOrDefault(u => u.Id == id)?.DisplayName : null;
            return new AssignmentRow(t, rule?.IsActive == true, users.Count(u => u.TeamId == t.Id), last);
        }).ToList();
        return View(rows);
    }

    [HttpPost]
    public async Task<IActionResult> Set(Guid teamId, bool active, CancellationToken cancellationToken)
    {
        if ((await mediator.Send(new ListTeams(), cancellationToken)).All(t => t.Id != teamId))
        {
            return NotFound();
        }

        var rule = await db.Set<LeadAssignmentRule>().FirstOrDefaultAsync(r => r.TeamId == teamId, cancellationToken);
        if (rule is null)
        {
            rule = new LeadAssignmentRule { TeamId = teamId };
            db.Add(rule);
        }

        rule.IsActive = active;
        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = l["Saved"].Value;
        return RedirectToAction(nameof(Index));
    }
}
