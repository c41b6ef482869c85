using System.Globalization;
using System.Text.Json;
using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Imports;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Infrastructure.Imports;

/// <summary>How imports are run (section <c>Imports</c>).</summary>
public sealed class ImportOptions
{
    /// <summary>Imports run side by side on one instance, so one user's large file does not hold everyone's small one.</summary>
    public int Slots { get; set; } = 2;

    /// <summary>A running import whose worker has not committed a batch for this long is taken to be dead and resumed.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Uploaded files never mapped and started are removed after this long.</summary>
    public TimeSpan AbandonedAfter { get; set; } = TimeSpan.FromDays(1);
}

/// <summary>
/// Runs queued imports: streams the file, maps each row's cells to fields, hands batches to the target module, and
/// records progress, counts and the rows that failed or were skipped. Each batch's rows and the run's progress commit
/// in one transaction, so a worker killed at any moment leaves a run that another worker resumes from its last
/// committed row, with nothing lost and nothing imported twice.
/// </summary>
public sealed class ImportRunner(
    IServiceScopeFactory scopes,
    ISpreadsheets spreadsheets,
    ImportFiles files,
    IClock clock,
    IOptions<ImportOptions> options,
    ILogger<ImportRunner> logger)
{
    public const int BatchSize = 1000;

    /// <summary>
    /// Runs every queued (or abandoned running) import, up to <c>Imports:Slots</c> side by side, until none is left.
    /// While any runs, a free slot looks for new work every second, so an import queued meanwhile starts at once
    /// (the job does not start again while this run goes on).
    /// </summary>
    public async Task RunQueuedAsync(CancellationToken cancellationToken)
    {
        await RemoveAbandonedUploadsAsync(cancellationToken);
        var slots = Math.Max(1, options.Value.Slots);
        var running = new List<Task>();
        while (true)
        {
            while (running.Count < slots && await ClaimNextAsync(cancellationToken) is { } importId)
            {
                running.Add(RunClaimedAsync(importId, cancellationToken));
            }

            if (running.Count == 0)
            {
                return;
            }

            await Task.WhenAny([.. running, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken)]);
            foreach (var done in running.Where(t => t.IsCompleted).ToList())
            {
                running.Remove(done);
                await done; // a run's own failure is recorded on the run; anything else ends the job
            }
        }
    }

    /// <summary>
    /// Takes one import for this worker: a queued one, users with no import running first (then oldest), or a running
    /// one whose worker has gone quiet. The conditional update makes the claim safe between workers and instances.
    /// </summary>
    private async Task<Guid?> ClaimNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var stale = clock.UtcNow - options.Value.StaleAfter;
        var busyUsers = db.ImportRuns.Where(r => r.Status == ImportStatus.Running && r.HeartbeatAt >= stale).Select(r => r.UserId);
        var candidates = await db.ImportRuns
            .Where(r => r.Status == ImportStatus.Queued || (r.Status == ImportStatus.Running && (r.HeartbeatAt ?? r.StartedAt) < stale))
            .OrderBy(r => busyUsers.Contains(r.UserId) ? 1 : 0).ThenBy(r => r.CreatedAt)
            .Select(r => new { r.Id, r.Status, r.HeartbeatAt }).Take(5).ToListAsync(cancellationToken);
        foreach (var candidate in candidates)
        {
            var now = clock.UtcNow;
            var claimed = await db.ImportRuns
                .Where(r => r.Id == candidate.Id && r.Status == candidate.Status && r.HeartbeatAt == candidate.HeartbeatAt)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ImportStatus.Running).SetProperty(r => r.HeartbeatAt, now)
                    .SetProperty(r => r.StartedAt, r => r.StartedAt ?? now), cancellationToken);
            if (claimed == 1)
            {
                if (candidate.Status == ImportStatus.Running)
                {
                    logger.LogWarning("Import {ImportId} lost its worker; resuming after its last committed row", candidate.Id);
                }

                return candidate.Id;
            }
        }

        return null;
    }

    private async Task RunClaimedAsync(Guid importId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var run = await db.ImportRuns.AsNoTracking().SingleAsync(r => r.Id == importId, cancellationToken);
        var previousCulture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(run.Culture);
        var lastRow = run.LastRowNumber;
        string? error = null;
        try
        {
            var mapping = JsonSerializer.Deserialize<string?[]>(run.MappingJson) ?? [];
            var valueMap = ImportValueMap.Parse(run.ValueMapJson);
            var context = new ImportContext(run.Id, run.UserId, run.TeamId, run.SeesAllRecords, run.Duplicates, run.Culture);
            using var local = await files.LocalCopyAsync(run, cancellationToken);
            using var reader = spreadsheets.Open(local.Path);
            var total = reader.EstimatedRowCount;
            await db.ImportRuns.Where(r => r.Id == importId).ExecuteUpdateAsync(s => s.SetProperty(r => r.TotalRows, total), cancellationToken);

            var batch = new List<ImportRow>(BatchSize);
            var cellsByRow = new Dictionary<int, string?[]>(BatchSize);
            foreach (var (rowNumber, cells) in reader.Rows())
            {
                if (rowNumber <= run.LastRowNumber)
                {
                    continue; // committed before this worker took the run over
                }

                var values = Map(cells, mapping);
                valueMap.Apply(values);
                batch.Add(new ImportRow(rowNumber, values));
                cellsByRow[rowNumber] = cells;
                if (batch.Count == BatchSize)
                {
                    await ImportBatchAsync(run, batch, cellsByRow, context, cancellationToken);
                    lastRow = rowNumber;
                    batch.Clear();
                    cellsByRow.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await ImportBatchAsync(run, batch, cellsByRow, context, cancellationToken);
            }
        }
        catch (SheetRefusedException refused) when (refused.Problem != SheetProblem.Unreadable)
        {
            error = ImportErrors.Refused(refused.Problem, refused.Limit);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or System.Xml.XmlException)
        {
            logger.LogWarning(ex, "Import {ImportId} could not read its file past row {Row}", importId, lastRow);
            error = ImportErrors.StoppedAt(lastRow);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Import {ImportId} failed", importId);
            error = ImportErrors.Failed;
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = previousCulture;
        }

        var now = clock.UtcNow;
        await db.ImportRuns.Where(r => r.Id == importId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, error is null ? ImportStatus.Completed : ImportStatus.Failed)
            .SetProperty(r => r.Error, error)
            .SetProperty(r => r.TotalRows, r => error == null ? r.ProcessedRows : r.TotalRows)
            .SetProperty(r => r.FinishedAt, now), CancellationToken.None);
        await files.DeleteAsync(run);
    }

    /// <summary>The target's rows, the report of the rows not imported and the run's counts: one transaction.</summary>
    private async Task ImportBatchAsync(ImportRun run, List<ImportRow> rows, Dictionary<int, string?[]> cellsByRow, ImportContext context, CancellationToken cancellationToken)
    {
        await using var batchScope = scopes.CreateAsyncScope();
        var db = batchScope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var target = batchScope.ServiceProvider.GetServices<IImportTarget>().Single(t => t.Key == run.TargetKey);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var results = await target.ImportBatchAsync(rows, context, cancellationToken);
        db.ChangeTracker.Clear();
        int Count(ImportOutcome outcome) => results.Count(r => r.Outcome == outcome);
        var (created, updated, skipped, failed) = (Count(ImportOutcome.Created), Count(ImportOutcome.Updated), Count(ImportOutcome.Skipped), Count(ImportOutcome.Failed));
        db.ImportIssues.AddRange(results.Where(r => r.Outcome is ImportOutcome.Failed or ImportOutcome.Skipped).Select(r =>
            new ImportIssue
            {
                ImportId = run.Id, RowNumber = r.RowNumber, Outcome = r.Outcome, Reason = Truncate(r.Reason ?? "", 500),
                CellsJson = cellsByRow.TryGetValue(r.RowNumber, out var cells) ? IssueCells(cells) : null,
            }));
        await db.SaveChangesAsync(cancellationToken);
        var (now, last) = (clock.UtcNow, rows[^1].RowNumber);
        await db.ImportRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.ProcessedRows, r => r.ProcessedRows + rows.Count)
            .SetProperty(r => r.CreatedCount, r => r.CreatedCount + created)
            .SetProperty(r => r.UpdatedCount, r => r.UpdatedCount + updated)
            .SetProperty(r => r.SkippedCount, r => r.SkippedCount + skipped)
            .SetProperty(r => r.FailedCount, r => r.FailedCount + failed)
            .SetProperty(r => r.LastRowNumber, last)
            .SetProperty(r => r.HeartbeatAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Files uploaded but never mapped and started: the run is closed and the file removed.</summary>
    private async Task RemoveAbandonedUploadsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var before = clock.UtcNow - options.Value.AbandonedAfter;
        var abandoned = await db.ImportRuns.Where(r => r.Status == ImportStatus.Uploaded && r.CreatedAt < before).Take(500).ToListAsync(cancellationToken);
        foreach (var run in abandoned)
        {
            await files.DeleteAsync(run);
            (run.Status, run.Error, run.FinishedAt) = (ImportStatus.Failed, ImportErrors.Abandoned, clock.UtcNow);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Cells to fields by the mapping; several columns mapped to one field are joined with a space.</summary>
    public static Dictionary<string, string?> Map(string?[] cells, string?[] mapping)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < mapping.Length && i < cells.Length; i++)
        {
            if (mapping[i] is not { Length: > 0 } field || string.IsNullOrWhiteSpace(cells[i]))
            {
                continue;
            }

            values[field] = values.TryGetValue(field, out var existing) && !string.IsNullOrWhiteSpace(existing)
                ? existing + " " + cells[i]!.Trim()
                : cells[i]!.Trim();
        }

        return values;
    }

    /// <summary>A reported row's cells for the error file: each cut to <see cref="MaxIssueCellLength"/>, as many as the sheet had.</summary>
    public static string IssueCells(string?[] cells) =>
        JsonSerializer.Serialize(cells.Select(c => c is null ? null : Truncate(c, MaxIssueCellLength)));

    /// <summary>Longer cells are cut in the error file: no field a row is imported into takes more (notes take 4,000).</summary>
    public const int MaxIssueCellLength = 4000;

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}

/// <summary>
/// Why a run stopped, stored as a resource key and its numbers ("Import_StoppedAt|1200"), so the progress page says it in
/// the reader's language whatever language the run was started in.
/// </summary>
public static class ImportErrors
{
    public const string Failed = "Import_Failed";

    public const string Abandoned = "Import_Abandoned";

    public static string Refused(SheetProblem problem, long limit) => $"Import_Refused_{problem}|{limit}";

    public static string StoppedAt(int lastRow) => $"Import_StoppedAt|{lastRow}";

    /// <summary>The resource key and its numbers, or null for text stored before errors were keyed.</summary>
    public static (string Key, long[] Numbers)? Parse(string? error)
    {
        if (error is null || !error.StartsWith("Import_", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = error.Split('|');
        return (parts[0], [.. parts.Skip(1).Select(p => long.TryParse(p, CultureInfo.InvariantCulture, out var n) ? n : 0)]);
    }
}
