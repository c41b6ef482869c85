using System.Diagnostics;
using Bogus;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Identity;
using Crm.Modules.Identity.Domain;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;

namespace Crm.Benchmarks;

/// <summary>
/// Fills the app's database at realistic scale, straight through the shared context (the app migrates it first).
/// Later modules add their own sizes here (contacts, leads, ...).
/// </summary>
public static class Seeder
{
    private sealed class SystemUser : ICurrentUser
    {
        public Guid? UserId => null;

        public string? UserName => "seed";

        public Guid? TeamId => null;

        public bool HasPermission(string permission) => true;
    }

    public static CrmDbContext OpenContext(string dataFolder)
    {
        var builder = new DbContextOptionsBuilder<CrmDbContext>();
        builder.UseConfiguredProvider(DatabaseProviders.Sqlite, $"Data Source={Path.Combine(dataFolder, "crm.db")}");
        var options = builder.Options;
        return new CrmDbContext(options, new ICrmModule[] { new IdentityModule() }, new SystemUser(), new SystemClock(), new Crm.SharedKernel.Domain.AuditOptions(), []);
    }

    public static async Task SeedAsync(string dataFolder, int users, int auditEntries)
    {
        Directory.CreateDirectory(dataFolder);
        var watch = Stopwatch.StartNew();
        await using (var db = OpenContext(dataFolder))
        {
            await db.Database.MigrateAsync();
            var faker = new Faker("fa");
            var teams = Enumerable.Range(1, Math.Max(1, users / 10)).Select(i => new Team { Name = $"تیم {i}" }).ToList();
            db.AddRange(teams);
            for (var i = 0; i < users; i++)
            {
                var userName = $"user{i:000000}";
                db.Add(new ApplicationUser
                {
                    UserName = userName,
                    NormalizedUserName = userName.ToUpperInvariant(),
                    Email = userName + "@bench.example",
                    NormalizedEmail = (userName + "@bench.example").ToUpperInvariant(),
                    DisplayName = faker.Name.FullName(),
                    TeamId = teams[i % teams.Count].Id,
                });
            }

            await db.SaveChangesAsync();
        }

        // Audit rows go in batches on fresh contexts, so change tracking stays small.
        var start = DateTime.UtcNow.AddDays(-365);
        for (var done = 0; done < auditEntries; done += 10_000)
        {
            await using var db = OpenContext(dataFolder);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var batch = Math.Min(10_000, auditEntries - done);
            db.AuditEntries.AddRange(Enumerable.Range(done, batch).Select(i => new AuditEntry
            {
                EntityType = "Team",
                EntityId = Guid.CreateVersion7().ToString(),
                Action = "Updated",
                Changes = "{\"Name\":{\"old\":\"a\",\"new\":\"b\"}}",
                At = start.AddMinutes(i),
            }));
            await db.SaveChangesAsync();
        }

        Console.WriteLine($"seeded {users:N0} users and {auditEntries:N0} audit entries in {watch.Elapsed.TotalSeconds:0.0} s into {dataFolder}");
    }
}
