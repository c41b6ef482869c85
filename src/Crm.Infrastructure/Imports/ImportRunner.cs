using System.Globalization;
using System.Text.Json;
using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Imports;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Infrastructure.Imports;

/// <summary>
/// Runs queued imports: streams the file, maps each row's cells to fields, hands batches to the target module,
/// and records progress, counts and the rows that failed or were skipped. Each batch is one save in a fresh scope,
/// so memory stays flat and a failure costs at most one batch.
/// </summary>
public sealed class ImportRunner(
    IServiceScopeFactory scopes,
    ISpreadsheets spreadsheets,
    ImportFiles files,
    IClock clock,
    ILogger<ImportRunner> logger)
{
    public const int BatchSize = 1000;

    /// <summary>Runs every queued import, oldest first, until none is left.</summary>
    public async Task RunQueuedAsync(CancellationToken cancellationToken)
    {
        while (await ClaimNextAsync(cancellationToken) is { } importId)
        {
            await RunClaimedAsync(importId, cancellationToken);
        }
    }

    /// <summary>Takes one queued import for this instance; the conditional update makes the claim safe between instances.</summary>
    private async Task<Guid?> ClaimNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var candidates = await db.ImportRuns.Where(r => r.Status == ImportStatus.Queued).OrderBy(r => r.CreatedAt)
            .Select(r => r.Id).Take(5).ToListAsync(cancellationToken);
        foreach (var id in candidates)
        {
            var now = clock.UtcNow;
            var claimed = await db.ImportRuns.Where(r => r.Id == id && r.Status == ImportStatus.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ImportStatus.Running).SetProperty(r => r.StartedAt, now), cancellationToken);
            if (claimed == 1)
            {
                return id;
            }
        }

        return null;
    }

    private async Task RunClaimedAsync(Guid importId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var run = await db.ImportRuns.SingleAsync(r => r.Id == importId, cancellationToken);
        var previousCulture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(run.Culture);
        try
        {
            var target = scope.ServiceProvider.GetServices<IImportTarget>().Single(t => t.Key == run.TargetKey);
            var mapping = JsonSerializer.Deserialize<string?[]>(run.MappingJson) ?? [];
            var context = new ImportContext(run.Id, run.UserId, run.TeamId, run.SeesAllRecords, run.Duplicates, run.Culture);
            using var reader = spreadsheets.Open(files.PathOf(run));
            run.TotalRows = reader.EstimatedRowCount;
            await db.SaveChangesAsync(cancellationToken);

            var batch = new List<ImportRow>(BatchSize);
            foreach (var (rowNumber, cells) in reader.Rows())
            {
                batch.Add(new ImportRow(rowNumber, Map(cells, mapping)));
                if (batch.Count == BatchSize)
                {
                    await ImportBatchAsync(db, run, target, batch, context, cancellationToken);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await ImportBatchAsync(db, run, target, batch, context, cancellationToken);
            }

            run.Status = ImportStatus.Completed;
            run.TotalRows = run.ProcessedRows;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Import {ImportId} failed", importId);
            run.Status = ImportStatus.Failed;
            run.Error = ex is InvalidDataException ? ex.Message : ex.GetType().Name + ": " + ex.Message;
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = previousCulture;
        }

        run.FinishedAt = clock.UtcNow;
        await db.SaveChangesAsync(CancellationToken.None);
        TryDelete(files.PathOf(run));
    }

    private async Task ImportBatchAsync(CrmDbContext db, ImportRun run, IImportTarget target, List<ImportRow> rows, ImportContext context, CancellationToken cancellationToken)
    {
        IReadOnlyList<ImportRowResult> results;
        await using (var batchScope = scopes.CreateAsyncScope())
        {
            var batchTarget = batchScope.ServiceProvider.GetServices<IImportTarget>().Single(t => t.Key == target.Key);
            results = await batchTarget.ImportBatchAsync(rows, context, cancellationToken);
        }

        foreach (var result in results)
        {
            switch (result.Outcome)
            {
                case ImportOutcome.Created: run.CreatedCount++; break;
                case ImportOutcome.Updated: run.UpdatedCount++; break;
                case ImportOutcome.Skipped: run.SkippedCount++; break;
                default: run.FailedCount++; break;
            }

            if (result.Outcome is ImportOutcome.Failed or ImportOutcome.Skipped)
            {
                db.ImportIssues.Add(new ImportIssue { ImportId = run.Id, RowNumber = result.RowNumber, Outcome = result.Outcome, Reason = Truncate(result.Reason ?? "", 500) });
            }
        }

        run.ProcessedRows += rows.Count;
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        db.Attach(run);
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

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A file left behind is removed with the next clean-up of the data folder; the import itself is done.
        }
    }
}
