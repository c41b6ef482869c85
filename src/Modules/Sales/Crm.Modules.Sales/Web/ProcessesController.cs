using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.Modules.Sales.Features;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Sales.Web;

/// <summary>Administrators design sales processes: the open stages in order, their progress and probability, checklists, and the names of Won and Lost.</summary>
[Area(SalesModule.ModuleName)]
[HasPermission(SalesPermissions.ManageProcesses)]
[AutoValidateAntiforgeryToken]
public sealed class ProcessesController(DbContext db, Pipeline pipeline, IDisplayFormatter format, IStringLocalizer<SalesResources> l) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var processes = await db.Set<SalesProcess>().AsNoTracking().Include(p => p.Stages).OrderByDescending(p => p.IsDefault).ThenBy(p => p.Name).ToListAsync(cancellationToken);
        var open = await db.Set<Opportunity>().Where(o => o.Status == OpportunityStatus.Open).GroupBy(o => o.ProcessId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        ViewBag.OpenDeals = open;
        return View(processes);
    }

    [HttpGet]
    public IActionResult Create() => View("Edit", new ProcessEditModel
    {
        WonName = "برنده", WonEnglishName = "Won", LostName = "از دست رفته", LostEnglishName = "Lost",
        Stages = [new StageInput(), new StageInput(), new StageInput()],
    });

    [HttpGet]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken)
    {
        var process = await LoadAsync(id, cancellationToken);
        if (process is null)
        {
            return NotFound();
        }

        var model = new ProcessEditModel
        {
            Id = process.Id,
            Version = process.Version,
            Name = process.Name,
            EnglishName = process.EnglishName,
            IsDefault = process.IsDefault,
            WinOnInvoicePaid = process.WinOnInvoicePaid,
            WonName = process.Won.Name,
            WonEnglishName = process.Won.EnglishName,
            LostName = process.Lost.Name,
            LostEnglishName = process.Lost.EnglishName,
            Stages = [.. process.OpenStages.Select(s => new StageInput
            {
                Id = s.Id,
                Name = s.Name,
                EnglishName = s.EnglishName,
                Progress = s.Progress,
                Probability = s.Probability,
                Checklist = string.Join("\n", s.Checklist.OrderBy(c => c.Position).Select(c => (c.Required ? "* " : "") + c.Text)),
            })],
        };
        model.Stages.Add(new StageInput());
        return View(model);
    }

    [HttpPost]
    public async Task<IActionResult> Save(ProcessEditModel model, CancellationToken cancellationToken)
    {
        var process = model.Id is { } id ? await LoadAsync(id, cancellationToken) : null;
        if (model.Id is not null && process is null)
        {
            return NotFound();
        }

        var wanted = model.Stages.Where(s => !s.Remove && !string.IsNullOrWhiteSpace(s.Name)).ToList();
        Validate(model, wanted);
        var removed = process?.OpenStages.Where(s => wanted.All(w => w.Id != s.Id)).ToList() ?? [];
        if (removed.Count > 0)
        {
            var ids = removed.Select(s => s.Id).ToList();
            var busy = await db.Set<Opportunity>().IgnoreQueryFilters().Where(o => ids.Contains(o.StageId) && o.Status == OpportunityStatus.Open)
                .Select(o => o.StageId).Distinct().ToListAsync(cancellationToken);
            foreach (var stage in removed.Where(s => busy.Contains(s.Id)))
            {
                ModelState.AddModelError("", l["Error_StageHasDeals", stage.Name]);
            }
        }

        if (process is not null && process.Version != model.Version)
        {
            ModelState.AddModelError("", l["Error_Concurrency"]);
        }

        if (!ModelState.IsValid)
        {
            return View("Edit", model);
        }

        if (process is null)
        {
            process = SalesProcess.Create(model.Name!, null, []);
            db.Add(process);
        }

        process.Name = model.Name!.Trim();
        process.EnglishName = Clean(model.EnglishName);
        if (model.IsDefault && !process.IsDefault)
        {
            await db.Set<SalesProcess>().Where(p => p.IsDefault).ExecuteUpdateAsync(u => u.SetProperty(p => p.IsDefault, false), cancellationToken);
        }

        process.WinOnInvoicePaid = model.WinOnInvoicePaid;
        process.IsDefault = model.IsDefault || !await db.Set<SalesProcess>().AnyAsync(p => p.IsDefault && p.Id != process.Id, cancellationToken);
        process.Won.Name = model.WonName!.Trim();
        process.Won.EnglishName = Clean(model.WonEnglishName);
        process.Lost.Name = model.LostName!.Trim();
        process.Lost.EnglishName = Clean(model.LostEnglishName);

        // A stage that was used stays (switched off) so the history keeps its name; one never used goes.
        var used = await db.Set<StageVisit>().Select(v => v.StageId).Distinct().Where(s => removed.Select(r => r.Id).Contains(s)).ToListAsync(cancellationToken);
        foreach (var stage in removed)
        {
            if (used.Contains(stage.Id))
            {
                stage.IsActive = false;
            }
            else
            {
                process.Stages.Remove(stage);
                db.Remove(stage);
            }
        }

        var position = 0;
        foreach (var input in wanted)
        {
            var stage = process.Stages.FirstOrDefault(s => s.Id == input.Id && s.Kind == StageKind.Open);
            if (stage is null)
            {
                stage = new Stage { Kind = StageKind.Open, ProcessId = process.Id };
                process.Stages.Add(stage);
            }

            stage.Position = ++position;
            stage.Name = input.Name!.Trim();
            stage.EnglishName = Clean(input.EnglishName);
            stage.Progress = input.Progress;
            stage.Probability = input.Probability;
            SyncChecklist(stage, input.Checklist);
        }

        var result = await this.SaveSettingsAsync(db, l["Saved"], l["Error_Concurrency"], () => View("Edit", model), cancellationToken);
        pipeline.Forget();
        return result;
    }

    private void Validate(ProcessEditModel model, List<StageInput> wanted)
    {
        if (string.IsNullOrWhiteSpace(model.Name))
        {
            ModelState.AddModelError(nameof(model.Name), l["Error_NameRequired"]);
        }

        if (string.IsNullOrWhiteSpace(model.WonName) || string.IsNullOrWhiteSpace(model.LostName))
        {
            ModelState.AddModelError(nameof(model.WonName), l["Error_NameRequired"]);
        }

        if (wanted.Count == 0)
        {
            ModelState.AddModelError("", l["Error_NoStages"]);
        }

        foreach (var (stage, index) in model.Stages.Select((s, i) => (s, i)).Where(x => wanted.Contains(x.s)))
        {
            if (stage.Progress is < 0 or > 100 || stage.Probability is < 0 or > 100)
            {
                ModelState.AddModelError($"Stages[{index}].Probability", l["Error_Probability"]);
            }

            if (stage.Name!.Length > 100 || stage.EnglishName?.Length > 100
                || (stage.Checklist ?? "").Split('\n').Any(line => line.Trim().TrimStart('*').Trim().Length > 200))
            {
                ModelState.AddModelError($"Stages[{index}].Name", l["Error_TooLong", format.Number(200)]);
            }
        }
    }

    /// <summary>One item per line; a line starting with * is required. Ticks of kept items survive (items are matched by text).</summary>
    private void SyncChecklist(Stage stage, string? text)
    {
        var lines = (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => (Required: line.StartsWith('*'), Text: line.TrimStart('*').Trim()))
            .Where(x => x.Text.Length > 0).DistinctBy(x => x.Text).ToList();
        foreach (var gone in stage.Checklist.Where(c => lines.All(x => x.Text != c.Text)).ToList())
        {
            stage.Checklist.Remove(gone);
            db.Remove(gone);
        }

        var position = 0;
        foreach (var (required, itemText) in lines)
        {
            var item = stage.Checklist.FirstOrDefault(c => c.Text == itemText);
            if (item is null)
            {
                item = new ChecklistItem { StageId = stage.Id, Text = itemText };
                stage.Checklist.Add(item);
            }

            item.Position = ++position;
            item.Required = required;
        }
    }

    private Task<SalesProcess?> LoadAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<SalesProcess>().Include(p => p.Stages).ThenInclude(s => s.Checklist).AsSplitQuery().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

public sealed class ProcessEditModel
{
    public Guid? Id { get; set; }

    public Guid Version { get; set; }

    public string? Name { get; set; }

    public string? EnglishName { get; set; }

    public bool IsDefault { get; set; }

    public bool WinOnInvoicePaid { get; set; }

    public string? WonName { get; set; }

    public string? WonEnglishName { get; set; }

    public string? LostName { get; set; }

    public string? LostEnglishName { get; set; }

    public List<StageInput> Stages { get; set; } = [];
}

public sealed class StageInput
{
    public Guid? Id { get; set; }

    public string? Name { get; set; }

    public string? EnglishName { get; set; }

    public int Progress { get; set; }

    public int Probability { get; set; }

    /// <summary>One item per line; "*" in front marks a required item.</summary>
    public string? Checklist { get; set; }

    public bool Remove { get; set; }
}
