using Crm.SharedKernel.Files;

namespace Crm.Infrastructure.Imports;

/// <summary>Uploaded import files, kept in the file store until their import has finished.</summary>
public sealed class ImportFiles(IFileStore store)
{
    public static string NameOf(ImportRun run) => "imports/" + run.StoredName;

    public Task SaveAsync(ImportRun run, Stream content, CancellationToken cancellationToken) => store.SaveAsync(NameOf(run), content, cancellationToken);

    /// <summary>The file on this machine's disk for the spreadsheet reader; any instance may read a file another stored.</summary>
    public async Task<LocalFile> LocalCopyAsync(ImportRun run, CancellationToken cancellationToken) =>
        await store.LocalCopyAsync(NameOf(run), cancellationToken) ?? throw new FileNotFoundException("The import's file is no longer stored.", run.StoredName);

    public async Task DeleteAsync(ImportRun run)
    {
        try
        {
            await store.DeleteAsync(NameOf(run), CancellationToken.None);
        }
        catch (IOException)
        {
            // A file left behind costs only space; the run's outcome is already recorded.
        }
    }
}
