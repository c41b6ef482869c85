using System.Globalization;
using Crm.Modules.Tickets.Contracts;
using Crm.Modules.Tickets.Domain;
using Crm.Modules.Tickets.Features;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Tickets.Web;

/// <summary>What the policy form sends; times in working hours (0 for none), up to two decimals.</summary>
public sealed class SlaPolicyInput
{
    public Guid? Id { get; set; }

    public Guid Version { get; set; }

    public string? Name { get; set; }

    public int Position { get; set; }

    public TicketPriority? Priority { get; set; }

    public string? Category { get; set; }

    public string? CustomerClass { get; set; }

    public string? FirstResponseHours { get; set; }

    public string? NextResponseHours { get; set; }

    public string? ResolutionHours { get; set; }

    public int WarnAtPercent { get; set; } = 75;

    public List<SlaActions> WarningActions { get; set; } = [];

    public List<SlaActions> BreachActions { get; set; } = [];
}

/// <summary>The SLA policies (administrators): which response and resolution times apply to which tickets, and what a warning and a breach do.</summary>
[Area(TicketsModule.ModuleName)]
[HasPermission(TicketsPermissions.ManageSla)]
[AutoValidateAntiforgeryToken]
public sealed class SlaPoliciesController(DbContext db, IStringLocalizer<TicketsResources> l) : Controller
{
    /// <summary>A year of working hours: longer targets are typing mistakes.</summary>
    public const int MaxHours = 2500;

    [HttpGet]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await db.Set<SlaPolicy>().AsNoTracking().OrderBy(p => p.Position).ThenBy(p => p.Name).Take(200).ToListAsync(cancellationToken));

    [HttpGet]
    public async Task<IActionResult> Edit(Guid? id, CancellationToken cancellationToken)
    {
        if (id is null)
        {
            return View(new SlaPolicyInput { FirstResponseHours = "4", NextResponseHours = "8", ResolutionHours = "40", WarningActions = [SlaActions.NotifyOwner], BreachActions = [SlaActions.NotifyOwner, SlaActions.NotifyTeamLeader] });
        }

        var policy = await db.Set<SlaPolicy>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return policy is null ? NotFound() : View(new SlaPolicyInput
        {
            Id = policy.Id, Version = policy.Version, Name = policy.Name, Position = policy.Position, Priority = policy.Priority, Category = policy.Category,
            CustomerClass = policy.CustomerClass, FirstResponseHours = Hours(policy.FirstResponseMinutes), NextResponseHours = Hours(policy.NextResponseMinutes),
            ResolutionHours = Hours(policy.ResolutionMinutes), WarnAtPercent = policy.WarnAtPercent,
            WarningActions = [.. Enum.GetValues<SlaActions>().Where(a => a != SlaActions.None && policy.WarningActions.HasFlag(a))],
            BreachActions = [.. Enum.GetValues<SlaActions>().Where(a => a != SlaActions.None && policy.BreachActions.HasFlag(a))],
        });
    }

    [HttpPost]
    public async Task<IActionResult> Edit(SlaPolicyInput input, CancellationToken cancellationToken)
    {
        var name = PersianText.Clean(input.Name ?? "");
        if (name.Length is 0 or > SlaPolicy.NameMaxLength)
        {
            ModelState.AddModelError(nameof(input.Name), l["Error_PolicyName", SlaPolicy.NameMaxLength]);
        }

        var category = string.IsNullOrWhiteSpace(input.Category) ? null : PersianText.Clean(input.Category);
        var customerClass = string.IsNullOrWhiteSpace(input.CustomerClass) ? null : PersianText.Clean(input.CustomerClass);
        if (category?.Length > Ticket.CategoryMaxLength || customerClass?.Length > 100)
        {
            ModelState.AddModelError(nameof(input.Category), l["Error_TooLong", 100]);
        }

        if (input.Priority is { } priority && !Enum.IsDefined(priority))
        {
            ModelState.AddModelError(nameof(input.Priority), l["Error_Choice"]);
        }

        int? Minutes(string? text, string field)
        {
            var clean = Digits.ToLatin(text ?? "").Trim().Replace('/', '.').Replace('٫', '.');
            if (clean.Length == 0)
            {
                return 0;
            }

            if (decimal.TryParse(clean, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var hours) && hours is >= 0 and <= MaxHours)
            {
                return (int)Math.Round(hours * 60);
            }

            ModelState.AddModelError(field, l["Error_Hours", MaxHours]);
            return null;
        }

        var first = Minutes(input.FirstResponseHours, nameof(input.FirstResponseHours));
        var next = Minutes(input.NextResponseHours, nameof(input.NextResponseHours));
        var resolution = Minutes(input.ResolutionHours, nameof(input.ResolutionHours));
        if (input.WarnAtPercent is < 1 or > 99)
        {
            ModelState.AddModelError(nameof(input.WarnAtPercent), l["Error_WarnAt"]);
        }

        if (input.Position is < 0 or > 100_000)
        {
            ModelState.AddModelError(nameof(input.Position), l["Error_Choice"]);
        }

        SlaPolicy? policy = null;
        if (input.Id is { } id)
        {
            policy = await db.Set<SlaPolicy>().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
            if (policy is null)
            {
                return NotFound();
            }

            if (policy.Version != input.Version)
            {
                ModelState.AddModelError("", l["Error_Concurrency"]);
            }
        }

        if (!ModelState.IsValid)
        {
            return View(input);
        }

        if (policy is null)
        {
            policy = new SlaPolicy();
            db.Add(policy);
        }

        (policy.Name, policy.Position, policy.Priority, policy.Category, policy.CustomerClass) = (name, input.Position, input.Priority, category, customerClass);
        (policy.FirstResponseMinutes, policy.NextResponseMinutes, policy.ResolutionMinutes) = (first!.Value, next!.Value, resolution!.Value);
        policy.WarnAtPercent = input.WarnAtPercent;
        policy.WarningActions = Combine(input.WarningActions);
        policy.BreachActions = Combine(input.BreachActions);
        // Open tickets follow the policies as they now are, worked out again by the SLA sweep.
        await SlaRecompute.RequestAsync(db, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", l["Error_Concurrency"]);
            return View(input);
        }

        TempData["Message"] = l["PolicySaved"].Value;
        return RedirectToAction("Index");
    }

    [HttpPost]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        var policy = await db.Set<SlaPolicy>().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (policy is null)
        {
            return NotFound();
        }

        db.Remove(policy);
        await SlaRecompute.RequestAsync(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = l["PolicyDeleted"].Value;
        TempData["RestoreUrl"] = Url.Action("Restore", new { id });
        return RedirectToAction("Index");
    }

    [HttpPost]
    public async Task<IActionResult> Restore(Guid id, CancellationToken cancellationToken)
    {
        var policy = await db.Set<SlaPolicy>().IgnoreQueryFilters().FirstOrDefaultAsync(p => p.Id == id && p.IsDeleted, cancellationToken);
        if (policy is null)
        {
            return NotFound();
        }

        policy.IsDeleted = false;
        await SlaRecompute.RequestAsync(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = l["Restored"].Value;
        return RedirectToAction("Index");
    }


    private static SlaActions Combine(IEnumerable<SlaActions> actions) =>
        actions.Where(a => Enum.IsDefined(a)).Aggregate(SlaActions.None, (all, a) => all | a);

    private static string Hours(int minutes) => (minutes / 60m).ToString("0.##", CultureInfo.InvariantCulture);
}
