using System.Globalization;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.Modules.Sales.Features;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Reports;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Sales.Web;

/// <summary>Monthly targets per rep (Jalali months) against what each rep won in the month, and the commission rules.</summary>
[Area(SalesModule.ModuleName)]
[HasPermission(SalesPermissions.View)]
[AutoValidateAntiforgeryToken]
public sealed class TargetsController(DbContext db, IMediator mediator, ICurrentUser user, Amounts amounts, IDisplayFormatter format, IStringLocalizer<SalesResources> l) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(int? year, int? month, CancellationToken cancellationToken)
    {
        var (y, m) = Month(year, month);
        var (from, to) = Bounds(y, m);
        var (reps, teams) = await HoldersAsync(cancellationToken);
        var targets = await db.Set<SalesTarget>().AsNoTracking().Where(t => t.Year == y && t.Month == m).ToListAsync(cancellationToken);
        var won = db.Set<Opportunity>().VisibleTo(user).AsNoTracking().Where(o => o.Status == OpportunityStatus.Won && o.ClosedAt >= from && o.ClosedAt < to);
        var byRep = await won.Where(o => o.OwnerId != null).GroupBy(o => o.OwnerId!.Value).Select(g => new { g.Key, Count = g.Count(), High = g.Sum(o => o.Amount / WideSum.Unit), Low = g.Sum(o => o.Amount % WideSum.Unit) })
            .ToDictionaryAsync(g => g.Key, g => (g.Count, Amount: WideSum.Of(g.High, g.Low)), cancellationToken);
        var byTeam = await won.Where(o => o.TeamId != null).GroupBy(o => o.TeamId!.Value).Select(g => new { g.Key, Count = g.Count(), High = g.Sum(o => o.Amount / WideSum.Unit), Low = g.Sum(o => o.Amount % WideSum.Unit) })
            .ToDictionaryAsync(g => g.Key, g => (g.Count, Amount: WideSum.Of(g.High, g.Low)), cancellationToken);
        TargetRow Row(Guid id, bool team, string name, SalesTarget? target, (int Count, decimal Amount) result) => new(id, team, name, target, result.Amount, result.Count);
        var rows = reps.Select(r => Row(r.Id, false, r.DisplayName, targets.FirstOrDefault(t => t.UserId == r.Id), byRep.GetValueOrDefault(r.Id)))
            .Concat(teams.Select(t => Row(t.Id, true, t.Name, targets.FirstOrDefault(x => x.UserId == null && x.TeamId == t.Id), byTeam.GetValueOrDefault(t.Id))))
            .ToList();
        ViewBag.Rules = await db.Set<CommissionRule>().AsNoTracking().OrderBy(r => r.Name).ToListAsync(cancellationToken);
        return View(new TargetsModel(y, m, rows));
    }

    /// <summary>The reps whose targets the user may see (themselves and their team, or everyone), and their teams.</summary>
    private async Task<(IReadOnlyList<UserSummary> Reps, IReadOnlyList<TeamSummary> Teams)> HoldersAsync(CancellationToken cancellationToken)
    {
        var reps = await mediator.Send(new ListAssignableOwners(), cancellationToken);
        var teams = (await mediator.Send(new ListTeams(), cancellationToken)).Where(t => RecordVisibility.SeesAll(user) || t.Id == user.TeamId).ToList();
        return (reps, teams);
    }

    [HttpPost]
    [HasPermission(SalesPermissions.ManageTargets)]
    public async Task<IActionResult> Save(int year, int month, List<TargetInput> targets, CancellationToken cancellationToken)
    {
        var (y, m) = Month(year, month);
        var (reps, teams) = await HoldersAsync(cancellationToken);
        var names = reps.ToDictionary(r => r.Id, r => r.DisplayName);
        foreach (var team in teams)
        {
            names[team.Id] = team.Name;
        }

        var existing = await db.Set<SalesTarget>().Where(t => t.Year == y && t.Month == m).ToListAsync(cancellationToken);
        var errors = new List<string>();
        foreach (var input in targets.Where(t => t.Team ? teams.Any(x => x.Id == t.HolderId) : reps.Any(x => x.Id == t.HolderId)))
        {
            if (!amounts.TryParse(input.Amount, out var amount) || input.Deals is < 0 or > 100_000)
            {
                errors.Add(names[input.HolderId]);
                continue;
            }

            var target = existing.FirstOrDefault(t => input.Team ? t.UserId == null && t.TeamId == input.HolderId : t.UserId == input.HolderId);
            if (target is null)
            {
                if (amount == 0 && (input.Deals ?? 0) == 0)
                {
                    continue;
                }

                target = new SalesTarget
                {
                    Year = y,
                    Month = m,
                    UserId = input.Team ? null : input.HolderId,
                    TeamId = input.Team ? input.HolderId : reps.First(r => r.Id == input.HolderId).TeamId,
                };
                db.Add(target);
            }

            target.Amount = amount;
            target.Deals = input.Deals ?? 0;
        }

        await db.SaveChangesAsync(cancellationToken);
        TempData[errors.Count == 0 ? "Message" : "Error"] = errors.Count == 0 ? l["Saved"].Value : l["Error_Targets", string.Join("، ", errors)].Value;
        return RedirectToAction(nameof(Index), new { year = y, month = m });
    }

    [HttpPost]
    [HasPermission(SalesPermissions.ManageTargets)]
    public async Task<IActionResult> AddRule(string? name, string? category, string? percent, string? flat, CancellationToken cancellationToken)
    {
        decimal? rate = null;
        long? amount = null;
        if (!string.IsNullOrWhiteSpace(percent))
        {
            rate = Amounts.TryParseNumber(percent, out var p) && p <= 100 ? p : -1;
        }

        if (!string.IsNullOrWhiteSpace(flat))
        {
            amount = amounts.TryParse(flat, out var f) ? f : -1;
        }

        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100 || category?.Trim().Length > 100 || (rate is null) == (amount is null) || rate < 0 || amount < 0)
        {
            TempData["Error"] = l["Error_Rule"].Value;
        }
        else
        {
            db.Add(new CommissionRule
            {
                Name = PersianText.Clean(name),
                Category = string.IsNullOrWhiteSpace(category) ? null : PersianText.Clean(category),
                Percent = rate,
                FlatAmount = amount,
            });
            await db.SaveChangesAsync(cancellationToken);
            TempData["Message"] = l["Saved"].Value;
        }

        return RedirectToAction(nameof(Index));
    }

    [HttpPost]
    [HasPermission(SalesPermissions.ManageTargets)]
    public async Task<IActionResult> DeleteRule(Guid id, CancellationToken cancellationToken) =>
        await this.SoftDeleteAsync(db, await db.Set<CommissionRule>().FirstOrDefaultAsync(r => r.Id == id, cancellationToken), id, l["RuleDeleted"], cancellationToken,
            backTo: Url.Action(nameof(Index)));

    [HttpPost]
    [HasPermission(SalesPermissions.ManageTargets)]
    public async Task<IActionResult> Restore(Guid id, string? backTo, CancellationToken cancellationToken) =>
        await this.RestoreAsync(db, await db.Set<CommissionRule>().IgnoreQueryFilters().FirstOrDefaultAsync(r => r.Id == id, cancellationToken), false, id, l["Restored"],
            cancellationToken, nameof(Index), backTo);

    /// <summary>The Jalali month asked for, or the current one.</summary>
    private (int Year, int Month) Month(int? year, int? month)
    {
        var today = JalaliDate.ToJalali(format.Today());
        return year is >= 1300 and <= 1600 && month is >= 1 and <= 12 ? (year.Value, month.Value) : (today.Year, today.Month);
    }

    /// <summary>The month's first instant and the next month's, in UTC (the month runs in the organisation's time zone).</summary>
    private (DateTime From, DateTime To) Bounds(int year, int month)
    {
        var first = JalaliDate.FromJalali(year, month, 1);
        var next = first.AddDays(JalaliDate.DaysInMonth(year, month));
        return (format.ToUtc(first.ToDateTime(TimeOnly.MinValue)), format.ToUtc(next.ToDateTime(TimeOnly.MinValue)));
    }
}

/// <summary>One row of the targets form: a rep's target, or a whole team's.</summary>
public sealed class TargetInput
{
    public Guid HolderId { get; set; }

    public bool Team { get; set; }

    public string? Amount { get; set; }

    public int? Deals { get; set; }
}

public sealed record TargetRow(Guid HolderId, bool IsTeam, string Name, SalesTarget? Target, decimal WonAmount, int WonDeals)
{
    /// <summary>Share of the amount target reached, 0–100+ (null without a target).</summary>
    public int? Attainment => Target is { Amount: > 0 } t ? (int)Math.Round(WonAmount * 100m / t.Amount) : null;
}

public sealed record TargetsModel(int Year, int Month, IReadOnlyList<TargetRow> Rows);
