using Crm.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Crm.Infrastructure.Security;

/// <summary>
/// Where the data-protection keys live (the <c>DataProtection:Keys</c> setting): <c>Database</c> (default), the key
/// ring every instance on the database shares; or <c>Folder</c>, files under the data folder, for one instance only.
/// </summary>
public static class SharedKeyRing
{
    public const string Database = "Database";
    public const string Folder = "Folder";

    /// <summary>
    /// Brings the keys an install kept as files before they moved to the database into the database once, so the
    /// cookies and the unsubscribe links already mailed keep working.
    /// </summary>
    public static async Task AdoptFolderKeysAsync(CrmDbContext db, string keyFolder, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(keyFolder) || await db.DataProtectionKeys.AnyAsync(cancellationToken))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(keyFolder, "key-*.xml").Order(StringComparer.Ordinal))
        {
            db.DataProtectionKeys.Add(new DataProtectionKey
            {
                FriendlyName = Path.GetFileNameWithoutExtension(file),
                Xml = await File.ReadAllTextAsync(file, cancellationToken),
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
