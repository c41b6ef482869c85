using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crm.Infrastructure.Imports;
using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Imports;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Controllers;

/// <summary>A column of the file with the field it is mapped to and a few sample values.</summary>
public sealed record ImportColumn(int Index, string Header, string? Field, IReadOnlyList<string?> Samples);

/// <summary>A field a column can be mapped to, labelled in the user's language.</summary>
public sealed record ImportFieldOption(string Key, string Label, bool Required);

public sealed record ImportMapModel(
    ImportRun Run, string Title, IReadOnlyList<ImportColumn> Columns, IReadOnlyList<ImportFieldOption> Fields, bool Remembered, IReadOnlyList<ImportValueSection> ValueSections)
{
    /// <summary>The fields that take fixed values, so the page lists a column's values once it is mapped to one.</summary>
    public IReadOnlyList<string> ChoiceFields { get; init; } = [];

    public bool HasChoiceFields => ChoiceFields.Count > 0;
}

/// <summary>A fixed value a file value can be mapped to, labelled in the user's language.</summary>
public sealed record ImportValueOption(string Value, string Label);

/// <summary>One distinct value of a column, how many rows hold it, and the value it is mapped to ("" = not mapped).</summary>
public sealed record ImportValueRow(string Text, int Rows, string Choice);

/// <summary>The distinct values of the column mapped to a fixed-value field, each with its mapping.</summary>
public sealed record ImportValueSection(string Field, string FieldLabel, IReadOnlyList<ImportValueOption> Choices, IReadOnlyList<ImportValueRow> Values, bool MoreValues, bool Partial);

public sealed record ImportProgressModel(ImportRun Run, string Title, string ListPath, IReadOnlyList<ImportIssue> Issues);

/// <summary>
/// The import wizard for every importable record type: upload a .xlsx/.csv, map its columns (remembered per header
/// row), choose what duplicates do, then follow the background run to its report. A user sees only their own imports.
/// </summary>
[Authorize]
[AutoValidateAntiforgeryToken]
public sealed class ImportsController(
    CrmDbContext db,
    IEnumerable<IImportTarget> targets,
    ISpreadsheets spreadsheets,
    ImportFiles files,
    IJobTrigger jobs,
    ICurrentUser user,
    IClock clock,
    IDisplayFormatter format,
    IStringLocalizerFactory localizers,
    Microsoft.Extensions.Options.IOptions<SheetLimits> limits,
    IStringLocalizer<SharedResource> s) : Controller
{
    public const long MaxFileBytes = 64 * 1024 * 1024;
    private const int PreviewRows = 5;

    /// <summary>Rows read for a column's distinct values: enough for any real list, and the page stays quick on a huge file.</summary>
    public const int ValueScanRows = 50_000;

    [HttpGet]
    public async Task<IActionResult> New(string target, CancellationToken cancellationToken)
    {
        if (Allowed(target) is not { } importTarget)
        {
            return Forbid();
        }

        ViewBag.Title = TitleOf(importTarget);
        ViewBag.Target = importTarget.Key;
        var recent = await MyRuns().Where(r => r.TargetKey == importTarget.Key).OrderByDescending(r => r.CreatedAt).Take(10).ToListAsync(cancellationToken);
        return View(recent);
    }

    [HttpPost]
    [RequestSizeLimit(MaxFileBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxFileBytes)]
    public async Task<IActionResult> Upload(string target, IFormFile? file, CancellationToken cancellationToken)
    {
        if (Allowed(target) is not { } importTarget || user.UserId is not { } userId)
        {
            return Forbid();
        }

        var extension = Path.GetExtension(file?.FileName ?? "").ToLowerInvariant();
        if (file is null || file.Length == 0 || extension is not (".xlsx" or ".csv"))
        {
            TempData["Error"] = s["Import_ChooseFile"].Value;
            return RedirectToAction(nameof(New), new { target });
        }

        var run = new ImportRun
        {
            TargetKey = importTarget.Key,
            FileName = Path.GetFileName(file.FileName)[..Math.Min(200, Path.GetFileName(file.FileName).Length)],
            StoredName = Guid.NewGuid().ToString("N") + extension,
            UserId = userId,
            TeamId = user.TeamId,
            SeesAllRecords = RecordVisibility.SeesAll(user),
            Culture = System.Globalization.CultureInfo.CurrentUICulture.Name,
            CreatedAt = clock.UtcNow,
            Status = ImportStatus.Uploaded,
        };
        await using (var upload = file.OpenReadStream())
        {
            await files.SaveAsync(run, upload, cancellationToken);
        }

        IReadOnlyList<string> headers;
        try
        {
            using var local = await files.LocalCopyAsync(run, cancellationToken);
            using var reader = spreadsheets.Open(local.Path);
            headers = reader.Headers;
            if (reader.EstimatedRowCount > limits.Value.MaxRows)
            {
                throw new SheetRefusedException(SheetProblem.TooManyRows, limits.Value.MaxRows);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            await files.DeleteAsync(run);
            TempData["Error"] = RefusalMessage(ex);
            return RedirectToAction(nameof(New), new { target });
        }

        if (headers.Count == 0 || headers.All(string.IsNullOrWhiteSpace))
        {
            await files.DeleteAsync(run);
            TempData["Error"] = s["Import_NoHeader"].Value;
            return RedirectToAction(nameof(New), new { target });
        }

        run.HeadersJson = JsonSerializer.Serialize(headers);
        var remembered = await db.ImportMappings.AsNoTracking()
            .FirstOrDefaultAsync(m => m.TargetKey == importTarget.Key && m.HeaderSignature == Signature(headers), cancellationToken);
        run.MappingJson = remembered?.MappingJson ?? JsonSerializer.Serialize(AutoMap(headers, importTarget.Fields));
        run.ValueMapJson = remembered?.ValueMapJson ?? "{}";
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Remembered"] = remembered is not null;
        return RedirectToAction(nameof(Map), new { id = run.Id });
    }

    /// <summary>Why a file was refused, in the user's language, with the limit it broke.</summary>
    private string RefusalMessage(Exception ex) => ex is SheetRefusedException refused && refused.Problem != SheetProblem.Unreadable
        ? s["Import_Refused_" + refused.Problem, format.Number(refused.Limit)].Value
        : s["Import_Unreadable"].Value;

    [HttpGet]
    public async Task<IActionResult> Map(Guid id, CancellationToken cancellationToken)
    {
        var run = await MyRuns().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null || Allowed(run.TargetKey) is not { } importTarget)
        {
            return NotFound();
        }

        if (run.Status != ImportStatus.Uploaded)
        {
            return RedirectToAction(nameof(Progress), new { id });
        }

        return View(await MapModelAsync(run, importTarget, TempData["Remembered"] as bool? == true, cancellationToken));
    }

    [HttpPost]
    [ActionName("Map")]
    public async Task<IActionResult> Start(
        Guid id, string?[] mapping, DuplicateMode duplicates, string?[] valueField, string?[] valueText, string?[] valueChoice, bool refresh, CancellationToken cancellationToken)
    {
        var run = await MyRuns().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null || Allowed(run.TargetKey) is not { } importTarget)
        {
            return NotFound();
        }

        if (run.Status != ImportStatus.Uploaded)
        {
            return RedirectToAction(nameof(Progress), new { id });
        }

        var headers = JsonSerializer.Deserialize<string[]>(run.HeadersJson) ?? [];
        var known = importTarget.Fields.Select(f => f.Key).ToHashSet();
        var cleaned = Enumerable.Range(0, headers.Length).Select(i => i < mapping.Length && mapping[i] is { } f && known.Contains(f) ? f : null).ToArray();
        run.MappingJson = JsonSerializer.Serialize(cleaned);
        run.ValueMapJson = ValueMap(ImportValueMap.Parse(run.ValueMapJson), importTarget, cleaned, valueField, valueText, valueChoice).ToJson();
        if (refresh)
        {
            // The mapping changed on the page: show the values of the columns now mapped to fixed-value fields.
            run.Duplicates = Enum.IsDefined(duplicates) ? duplicates : run.Duplicates;
            await db.SaveChangesAsync(cancellationToken);
            return RedirectToAction(nameof(Map), new { id });
        }

        var missing = importTarget.Fields.Where(f => f.Required && !cleaned.Contains(f.Key)).ToList();
        if (cleaned.All(f => f is null) || missing.Count > 0 || !Enum.IsDefined(duplicates))
        {
            ModelState.AddModelError("", missing.Count > 0
                ? s["Import_RequiredMissing", string.Join("، ", missing.Select(f => Label(importTarget, f.LabelKey)))]
                : s["Import_NothingMapped"]);
            return View("Map", await MapModelAsync(run, importTarget, false, cancellationToken));
        }

        run.Duplicates = duplicates;
        run.Status = ImportStatus.Queued;
        var signature = Signature(headers);
        var remembered = await db.ImportMappings.FirstOrDefaultAsync(m => m.TargetKey == importTarget.Key && m.HeaderSignature == signature, cancellationToken);
        if (remembered is null)
        {
            db.ImportMappings.Add(new ImportMapping
            {
                TargetKey = importTarget.Key, HeaderSignature = signature, MappingJson = run.MappingJson, ValueMapJson = run.ValueMapJson, UpdatedAt = clock.UtcNow,
            });
        }
        else
        {
            remembered.MappingJson = run.MappingJson;
            remembered.ValueMapJson = run.ValueMapJson;
            remembered.UpdatedAt = clock.UtcNow;
        }

        await db.SaveChangesAsync(cancellationToken);
        await jobs.TriggerAsync(RunQueuedImportsJob.Key, cancellationToken);
        return RedirectToAction(nameof(Progress), new { id });
    }

    [HttpGet]
    public async Task<IActionResult> Progress(Guid id, CancellationToken cancellationToken)
    {
        var run = await MyRuns().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null || Allowed(run.TargetKey) is not { } importTarget)
        {
            return NotFound();
        }

        var issues = await db.ImportIssues.AsNoTracking().Where(i => i.ImportId == id).OrderBy(i => i.RowNumber).Take(100).ToListAsync(cancellationToken);
        return View(new ImportProgressModel(run, TitleOf(importTarget), importTarget.ListPath, issues));
    }

    /// <summary>Progress for the page's progress bar, polled every second while the import runs.</summary>
    [HttpGet]
    public async Task<IActionResult> Status(Guid id, CancellationToken cancellationToken)
    {
        var run = await MyRuns().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null || Allowed(run.TargetKey) is null)
        {
            return NotFound();
        }

        var total = run.TotalRows ?? 0;
        var percent = run.Status == ImportStatus.Completed ? 100 : total > 0 ? Math.Min(99, run.ProcessedRows * 100 / total) : 0;
        return Json(new
        {
            status = run.Status.ToString(),
            done = run.Status is ImportStatus.Completed or ImportStatus.Failed,
            percent,
            processed = format.Number(run.ProcessedRows),
            total = format.Number(total),
            created = run.CreatedCount,
            updated = run.UpdatedCount,
            skipped = run.SkippedCount,
            failed = run.FailedCount,
        });
    }

    /// <summary>Every row that failed or was skipped, with its row number and reason, as .xlsx.</summary>
    [HttpGet]
    public async Task Issues(Guid id, CancellationToken cancellationToken)
    {
        var run = await MyRuns().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null || Allowed(run.TargetKey) is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        // The file's own columns first, as they were, then why: fixed, the sheet imports again with the same mapping.
        var headers = JsonSerializer.Deserialize<string[]>(run.HeadersJson) ?? [];
        var rows = db.ImportIssues.AsNoTracking().Where(i => i.ImportId == id).OrderBy(i => i.RowNumber).AsAsyncEnumerable();
        Response.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        Response.Headers.ContentDisposition = $"attachment; filename=\"import-issues-{run.CreatedAt:yyyyMMdd-HHmm}.xlsx\"";
        await spreadsheets.WriteXlsxAsync(Response.Body, s["Import_Issues"], [.. headers, s["Import_Row"], s["Import_Outcome"], s["Import_Reason"]],
            rows.ToSheetRows(i =>
            {
                var cells = JsonSerializer.Deserialize<string?[]>(i.CellsJson ?? "[]") ?? [];
                return [.. Enumerable.Range(0, headers.Length).Select(c => (object?)(c < cells.Length ? cells[c] : null)),
                    i.RowNumber, s["ImportOutcome_" + i.Outcome].Value, i.Reason];
            }), format.IsPersian, cancellationToken);
    }

    /// <summary>
    /// Imports are private to the user who started them; managers and administrators see all. Every page of a run also
    /// needs the permission to import into its target, so a user who lost it no longer sees what the run wrote.
    /// </summary>
    private IQueryable<ImportRun> MyRuns() =>
        RecordVisibility.SeesAll(user) ? db.ImportRuns : db.ImportRuns.Where(r => r.UserId == user.UserId);

    private IImportTarget? Allowed(string? key) =>
        targets.FirstOrDefault(t => t.Key == key) is { } target && user.HasPermission(target.Permission) ? target : null;

    private string TitleOf(IImportTarget target) => Label(target, target.TitleKey);

    private string Label(IImportTarget target, string key) => localizers.Create(target.ResourceType)[key];

    private async Task<ImportMapModel> MapModelAsync(ImportRun run, IImportTarget target, bool remembered, CancellationToken cancellationToken)
    {
        using var local = await files.LocalCopyAsync(run, cancellationToken);
        var headers = JsonSerializer.Deserialize<string[]>(run.HeadersJson) ?? [];
        var mapping = JsonSerializer.Deserialize<string?[]>(run.MappingJson) ?? [];
        var samples = new List<string?[]>();
        using (var reader = spreadsheets.Open(local.Path))
        {
            samples.AddRange(reader.Rows().Take(PreviewRows).Select(r => r.Cells));
        }

        var columns = headers.Select((h, i) => new ImportColumn(i, h, i < mapping.Length ? mapping[i] : null,
            samples.Select(r => i < r.Length ? r[i] : null).ToList())).ToList();
        var fields = target.Fields.Select(f => new ImportFieldOption(f.Key, Label(target, f.LabelKey), f.Required)).ToList();
        return new ImportMapModel(run, TitleOf(target), columns, fields, remembered, ValueSections(run, local.Path, target, mapping))
        {
            ChoiceFields = [.. target.Fields.Where(f => f.Choices.Count > 0).Select(f => f.Key)],
        };
    }

    /// <summary>
    /// For each fixed-value field a column is mapped to: the file's distinct values (from its first
    /// <see cref="ValueScanRows"/> rows, at most <see cref="ImportValueMap.MaxValuesPerField"/>), each mapped as the user
    /// mapped it before, else to the choice it plainly names, else to nothing.
    /// </summary>
    private List<ImportValueSection> ValueSections(ImportRun run, string file, IImportTarget target, string?[] mapping)
    {
        var choiceFields = target.Fields.Where(f => f.Choices.Count > 0 && mapping.Contains(f.Key)).ToList();
        if (choiceFields.Count == 0)
        {
            return [];
        }

        var found = choiceFields.ToDictionary(f => f.Key, _ => new Dictionary<string, (string Text, int Rows)>(StringComparer.Ordinal));
        var more = new HashSet<string>();
        var partial = false;
        using (var reader = spreadsheets.Open(file))
        {
            var scanned = 0;
            foreach (var (_, cells) in reader.Rows())
            {
                if (++scanned > ValueScanRows)
                {
                    partial = true;
                    break;
                }

                var values = ImportRunner.Map(cells, mapping);
                foreach (var field in choiceFields)
                {
                    if (!values.TryGetValue(field.Key, out var text) || text is null || text.Length > ImportValueMap.MaxValueLength)
                    {
                        continue;
                    }

                    var distinct = found[field.Key];
                    var key = ImportValueMap.Key(text);
                    if (distinct.TryGetValue(key, out var seen))
                    {
                        distinct[key] = (seen.Text, seen.Rows + 1);
                    }
                    else if (distinct.Count < ImportValueMap.MaxValuesPerField)
                    {
                        distinct[key] = (text, 1);
                    }
                    else
                    {
                        more.Add(field.Key);
                    }
                }
            }
        }

        var saved = ImportValueMap.Parse(run.ValueMapJson);
        var localizer = localizers.Create(target.ResourceType);
        IEnumerable<string> LabelsOf(string key) => SupportedCultures.All.Select(c => localizer.InCulture(c, key));
        return [.. choiceFields.Select(field => new ImportValueSection(
            field.Key,
            Label(target, field.LabelKey),
            [.. field.Choices.Select(c => new ImportValueOption(c.Value, Label(target, c.LabelKey)))],
            [.. found[field.Key].Values.OrderByDescending(v => v.Rows).Select(v =>
                new ImportValueRow(v.Text, v.Rows, saved.Find(field.Key, v.Text) ?? ImportValueMap.AutoMatch(v.Text, field, LabelsOf) ?? ""))],
            more.Contains(field.Key),
            partial))];
    }

    /// <summary>
    /// The value mapping posted with the form over the one the run had (remembered, or posted before a refresh): kept only
    /// for fields that take fixed values and are mapped, and only to real choices.
    /// </summary>
    private static ImportValueMap ValueMap(ImportValueMap map, IImportTarget target, string?[] mapping, string?[] fields, string?[] texts, string?[] choices)
    {
        var count = Math.Min(fields.Length, Math.Min(texts.Length, choices.Length));
        for (var i = 0; i < count && i < target.Fields.Count * ImportValueMap.MaxValuesPerField; i++)
        {
            if (target.Fields.FirstOrDefault(f => f.Key == fields[i] && f.Choices.Count > 0 && mapping.Contains(f.Key)) is not { } field
                || texts[i] is not { Length: > 0 and <= ImportValueMap.MaxValueLength } text)
            {
                continue;
            }

            var choice = field.Choices.FirstOrDefault(c => c.Value == choices[i])?.Value ?? "";
            map.Set(field.Key, text, choice);
        }

        return map;
    }

    /// <summary>Each header to the first unused field whose label or alias it equals, comparing normalised text.</summary>
    public static string?[] AutoMap(IReadOnlyList<string> headers, IReadOnlyList<ImportField> fields)
    {
        var used = new HashSet<string>();
        return headers.Select(header =>
        {
            var key = PersianText.Key(header);
            var field = fields.FirstOrDefault(f => !used.Contains(f.Key)
                && (PersianText.Key(f.Key) == key || f.Aliases.Any(a => PersianText.Key(a) == key)));
            if (field is not null)
            {
                used.Add(field.Key);
            }

            return field?.Key;
        }).ToArray();
    }

    /// <summary>SHA-256 of the normalised header row: files laid out the same way share a remembered mapping.</summary>
    public static string Signature(IReadOnlyList<string> headers) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', headers.Select(h => PersianText.Key(h))))));
}
