namespace Crm.SharedKernel.Files;

/// <summary>
/// Where the app keeps the files users upload and the files it keeps for them (import files; attachments and form
/// uploads of the modules that have them). One store serves every app instance: the data folder for a single
/// instance, or the database (or a folder every instance mounts) for several. Files are never served by path: a
/// module reads the file and answers through its own authorized action.
/// </summary>
public interface IFileStore
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="name"/>, replacing a file of that name.</summary>
    /// <param name="name">A relative name such as <c>imports/4f…e1.xlsx</c>: lower-case letters, digits, <c>-_.</c> and <c>/</c> between folders.</param>
    Task SaveAsync(string name, Stream content, CancellationToken cancellationToken);

    /// <summary>The file's content, or null when no file has that name.</summary>
    Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// A path on this machine to read the file by, for readers that need one (a zip archive is read by seeking): the
    /// stored file itself where the store is a folder, else a temporary copy removed when the result is disposed.
    /// Null when no file has that name.
    /// </summary>
    Task<LocalFile?> LocalCopyAsync(string name, CancellationToken cancellationToken);

    /// <summary>Removes the file; nothing happens when there is none.</summary>
    Task DeleteAsync(string name, CancellationToken cancellationToken);
}

/// <summary>A file on this machine's disk; a temporary copy is deleted when disposed.</summary>
public sealed class LocalFile(string path, bool temporary) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose()
    {
        if (temporary)
        {
            try
            {
                File.Delete(Path);
            }
            catch (IOException)
            {
                // a copy left behind is removed with the temporary folder
            }
        }
    }
}

/// <summary>Checks a stored file's name, so no name reaches outside the store's root.</summary>
public static class StoredFileNames
{
    public const int MaxLength = 200;

    public static string Check(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > MaxLength || name[0] == '/' || name[^1] == '/' || name.Contains("..", StringComparison.Ordinal) || name.Contains("//", StringComparison.Ordinal)
            || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '/'))
        {
            throw new ArgumentException($"'{name[..Math.Min(name.Length, 40)]}' is not a stored file's name.", nameof(name));
        }

        return name;
    }
}
