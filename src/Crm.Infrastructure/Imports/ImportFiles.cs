namespace Crm.Infrastructure.Imports;

/// <summary>Where uploaded import files are kept until their import has finished.</summary>
public sealed class ImportFiles(string dataFolder)
{
    public string Folder { get; } = Path.Combine(dataFolder, "imports");

    public string PathOf(ImportRun run) => Path.Combine(Folder, run.StoredName);
}
