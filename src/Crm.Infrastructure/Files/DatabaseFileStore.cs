using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Files;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Infrastructure.Files;

/// <summary>A stored file's row in the database store.</summary>
public sealed class StoredFile
{
    public string Name { get; set; } = "";

    public long Length { get; set; }

    public byte[] Content { get; set; } = [];

    public DateTime StoredAt { get; set; }
}

/// <summary>
/// Files in the application database (table <c>StoredFiles</c>), which every instance already reaches: no shared
/// mount to set up, and a file is backed up, restored and replicated with the records that point at it. Files are
/// bounded by their uploads' limits (an import file at most 64 MB), so a file is read whole. Each call has its own
/// database context, so a caller's unsaved changes are never saved with a file.
/// </summary>
public sealed class DatabaseFileStore(IServiceScopeFactory scopes, IClock clock, string temporaryFolder) : IFileStore
{
    public async Task SaveAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        StoredFileNames.Check(name);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var file = await db.StoredFiles.SingleOrDefaultAsync(f => f.Name == name, cancellationToken);
        if (file is null)
        {
            file = new StoredFile { Name = name };
            db.StoredFiles.Add(file);
        }

        (file.Content, file.Length, file.StoredAt) = (buffer.ToArray(), buffer.Length, clock.UtcNow);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken) =>
        await ContentAsync(name, cancellationToken) is { } content ? new MemoryStream(content, writable: false) : null;

    public async Task<LocalFile?> LocalCopyAsync(string name, CancellationToken cancellationToken)
    {
        if (await ContentAsync(name, cancellationToken) is not { } content)
        {
            return null;
        }

        Directory.CreateDirectory(temporaryFolder);
        var path = Path.Combine(temporaryFolder, Guid.NewGuid().ToString("N") + Path.GetExtension(name));
        await File.WriteAllBytesAsync(path, content, cancellationToken);
        return new LocalFile(path, temporary: true);
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        StoredFileNames.Check(name);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CrmDbContext>().StoredFiles.Where(f => f.Name == name).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<byte[]?> ContentAsync(string name, CancellationToken cancellationToken)
    {
        StoredFileNames.Check(name);
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CrmDbContext>().StoredFiles.AsNoTracking()
            .Where(f => f.Name == name).Select(f => f.Content).SingleOrDefaultAsync(cancellationToken);
    }
}
