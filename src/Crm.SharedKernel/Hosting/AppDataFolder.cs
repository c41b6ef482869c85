namespace Crm.SharedKernel.Hosting;

/// <summary>The app's own folder (SQLite file, logs, keys, development mail and SMS); modules put their files under it.</summary>
public sealed record AppDataFolder(string Path)
{
    /// <summary>A configured folder: absolute as given, relative under the data folder.</summary>
    public string Resolve(string folder) => System.IO.Path.Combine(Path, folder);
}
