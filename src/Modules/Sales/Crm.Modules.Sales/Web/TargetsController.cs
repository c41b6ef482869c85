using System.Globalization;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.Modules.Sales.Features;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
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
        var reps = await mediator.Send(new ListAssignableOwners(), cancellationToken);
        var ids = reps.Select(r => r.Id).ToList();
        var targets = await db.Set<SalesTarget>().AsNoTracking().Where(t => t.Year == y && t.Month == m && t.UserId != null && ids.Contains(t.UserId.Value))
            .ToDictionaryAsync(t => t.UserId!.Value, cancellationToken);
        var won = await db.Set<Opportunity>().VisibleTo(user).AsNoTracking()
            .Where(o => o.Status == OpportunityStatus.Won && o.ClosedAt >= from && o.ClosedAt < to && o.OwnerId != null)
            .GroupBy(o => o.OwnerId!.Value).Select(g => new { Owner = g.Key, Count = g.Count(), Amount = g.Sum(o => o.Amount) })
            .ToDictionaryAsync(g => g.Owner, g => (g.Count, g.Amount), cancellationToken);
        var rows = reps.Select(r => new TargetRow(r.Id, r.DisplayName, targets.GetValueOrDefault(r.Id), won.GetValueOrDefault(r.Id).Amount, won.GetValueOrDefault(r.Id).Count)).ToList();
        ViewBag.Rules = await db.Set<CommissionRule>().AsNoTracking().OrderBy(r => r.Name).ToListAsync(cancellationToken);
        return View(new TargetsModel(y, m, rows));
    }

    [HttpPost]
    [HasPermission(SalesPermissions.ManageTargets)]
    public async Task<IActionResult> Save(int year, int month, List<TargetInput> targets, CancellationToken cancellationToken)
    {
        var (y, m) = Month(year, month);
        var reps = (await mediator.Send(new ListAssignableOwners(), cancellationToken)).ToDictionary(r => r.Id);
        var existing = await db.Set<SalesTarget>().Where(t => t.Year == y && t.Month == m && t.UserId != null).ToDictionaryAsync(t => t.UserId!.Value, cancellationToken);
        var errors = new List<string>();
        foreach (var input in targets.Where(t => reps.ContainsKey(t.UserId)))
        {
            if (!amounts.TryParse(input.Amount, out var amount) || input.Deals is < 0 or > 100_000)
            {
                errors.Add(reps[input.UserId].DisplayName);
                continue;
            }

            if (!existing.TryGetValue(input.UserId, out var target))
            {
                if (amount == 0 && (input.Deals ?? 0) == 0)
                {
                    continue;
                }

                target = new SalesTarget { Year = y, Month = m, UserId = input.UserId, TeamId = reps[input.UserId].TeamId };
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
            rate = decimal.TryParse(Digits.ToLatin(percent).Replace('٫', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var p) && p <= 100 ? p : -1;
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

public sealed class TargetInput
{
    public Guid UserId { get; set; }

    public string? Amount { get; set; }

    public int? Deals { get; set; }
}

public sealed record TargetRow(Guid UserId, string Name, SalesTarget? Target, long WonAmount, int WonDeals)
{
    /// <summary>Share of the amount target reached, 0–100+ (null without a target).</summary>
    public int? Attainment => Target is { Amount: > 0 } t ? (int)Math.Round(WonAmount * 100m / t.Amount) : null;
}

public sealed record TargetsModel(int Year, int Month, IReadOnlyList<TargetRow> Rows);
