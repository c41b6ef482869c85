using Crm.Modules.Identity.Contracts;
using Crm.Modules.Identity.Domain;
using Crm.Modules.Identity.Features.Users;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Identity.Web;

[Area(IdentityModule.ModuleName)]
[HasPermission(IdentityPermissions.ManageUsers)]
[AutoValidateAntiforgeryToken]
public sealed class UsersController(DbContext db, UserManager<ApplicationUser> users, IMediator mediator, IDisplayFormatter format, IStringLocalizer<IdentityResources> l) : Controller
{
    private const int PageSize = 25;

    [HttpGet]
    public async Task<IActionResult> Index(string? q, int page = 1, CancellationToken cancellationToken = default)
    {
        var query = db.Set<ApplicationUser>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim().ToUpperInvariant();
            query = query.Where(u => u.NormalizedUserName!.Contains(term) || u.NormalizedEmail!.Contains(term) || u.DisplayName.Contains(q.Trim()));
        }

        var total = await query.CountAsync(cancellationToken);
        page = Math.Max(1, page);
        var rows = await query.OrderBy(u => u.UserName).Skip((page - 1) * PageSize).Take(PageSize)
            .Select(u => new
            {
                u.Id, u.UserName, u.DisplayName, u.Email, u.IsActive, u.CreatedAt,
                Team = db.Set<Team>().Where(t => t.Id == u.TeamId).Select(t => t.Name).FirstOrDefault(),
                Roles = db.Set<IdentityUserRole<Guid>>().Where(ur => ur.UserId == u.Id)
                    .Join(db.Set<ApplicationRole>(), ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
            })
            .ToListAsync(cancellationToken);
        var model = new UserListModel(
            rows.Select(r => new UserRow(r.Id, r.UserName!, r.DisplayName, r.Email, r.Team, r.Roles, r.IsActive, r.CreatedAt)).ToList(),
            q, page, Math.Max(1, (int)Math.Ceiling(total / (double)PageSize)), total);
        return View(model);
    }

    [HttpGet]
    public async Task<IActionResult> Create()
    {
        await FillListsAsync();
        return View("Edit", new UserEditModel { Roles = [CrmRoles.SalesRep] });
    }

    [HttpGet]
    public async Task<IActionResult> Edit(Guid id)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return NotFound();
        }

        await FillListsAsync();
        return View(new UserEditModel
        {
            Id = user.Id,
            UserName = user.UserName!,
            DisplayName = user.DisplayName,
            Email = user.Email ?? "",
            PhoneNumber = user.PhoneNumber,
            TeamId = user.TeamId,
            Roles = [.. await users.GetRolesAsync(user)],
            IsActive = user.IsActive,
            AccessExpiresOn = format.DateInput(user.AccessExpiresOn),
            ConcurrencyStamp = user.ConcurrencyStamp,
        });
    }

    [HttpPost]
    public async Task<IActionResult> Save(UserEditModel model, CancellationToken cancellationToken)
    {
        DateOnly? expiresOn = null;
        if (!string.IsNullOrWhiteSpace(model.AccessExpiresOn))
        {
            if (format.TryParseDateInput(model.AccessExpiresOn, out var parsed))
            {
                expiresOn = parsed;
            }
            else
            {
                ModelState.AddModelError(nameof(model.AccessExpiresOn), l["InvalidDate", format.IsPersian ? "۱۴۰۵/۰۹/۳۰" : "2026-12-21"]);
                await FillListsAsync();
                return View("Edit", model);
            }
        }

        try
        {
            await mediator.Send(new SaveUser(model.Id, model.UserName, model.DisplayName, model.Email, model.PhoneNumber,
                model.TeamId, model.Roles, model.IsActive, expiresOn, model.Password, model.ConcurrencyStamp), cancellationToken);
        }
        catch (ValidationException ex)
        {
            foreach (var error in ex.Errors)
            {
                var key = error.ErrorCode == "ConcurrencyFailure" ? "" : error.PropertyName;
                ModelState.AddModelError(key, error.ErrorMessage);
            }

            await FillListsAsync();
            return View("Edit", model);
        }

        TempData["Message"] = l["Saved"].Value;
        return RedirectToAction(nameof(Index));
    }

    /// <summary>Ends every session of the user (a lost phone, a shared computer): their next request asks them to sign in.</summary>
    [HttpPost]
    public async Task<IActionResult> SignOutEverywhere(Guid id)
    {
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return NotFound();
        }

        await users.UpdateSecurityStampAsync(user);
        TempData["Message"] = l["SignedOutEverywhere"].Value;
        return RedirectToAction(nameof(Edit), new { id });
    }

    private async Task FillListsAsync()
    {
        ViewBag.Teams = new SelectList(await db.Set<Team>().OrderBy(t => t.Name).ToListAsync(), nameof(Team.Id), nameof(Team.Name));
        ViewBag.AllRoles = CrmRoles.All;
    }
}
