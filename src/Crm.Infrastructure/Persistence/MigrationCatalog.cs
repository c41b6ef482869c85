using System.Reflection;
using Crm.SharedKernel.Data;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Infrastructure.Persistence;

/// <summary>
/// Every migration that builds the database: the platform's own and those of each module the host knows, enabled or not
/// (so a module switched on later finds its tables, as before). Each owner keeps its migrations in its own assembly; the
/// catalog orders them by id. Built once per host and checked as it is built, so a clash fails at start, not mid-migration.
/// </summary>
public sealed class MigrationCatalog
{
    private readonly Dictionary<string, List<Type>> _parts;

    /// <param name="moduleAssemblies">The modules' assemblies in registry order; a step's parts run in this order, platform first.</param>
    public MigrationCatalog(IEnumerable<Assembly> moduleAssemblies)
    {
        List<Assembly> owners = [typeof(MigrationCatalog).Assembly, .. moduleAssemblies.Distinct().Where(a => a != typeof(MigrationCatalog).Assembly)];
        Owners = owners;
        var types = owners.SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && !t.IsAbstract && t.IsSubclassOf(typeof(Migration)))
            .ToList();

        var migrations = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var type in types.Where(t => t.GetCustomAttribute<MigrationAttribute>() is not null))
        {
            var id = type.GetCustomAttribute<MigrationAttribute>()!.Id;
            if (!migrations.TryAdd(id, type))
            {
                throw new InvalidOperationException($"Migration id '{id}' is used by both {migrations[id].FullName} and {type.FullName}; give the newer one an id of its own.");
            }
        }

        _parts = types.Where(t => t.GetCustomAttribute<MigrationPartAttribute>() is not null)
            .GroupBy(t => t.GetCustomAttribute<MigrationPartAttribute>()!.MigrationId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(t => owners.IndexOf(t.Assembly)).ToList(), StringComparer.Ordinal);
        foreach (var (id, parts) in _parts)
        {
            if (!migrations.TryGetValue(id, out var step) || !step.IsSubclassOf(typeof(CombinedMigration)))
            {
                throw new InvalidOperationException($"{parts[0].FullName} is a part of migration '{id}', which the platform does not declare as a combined step.");
            }
        }

        foreach (var (id, type) in migrations.Where(m => m.Value.IsSubclassOf(typeof(CombinedMigration)) && !_parts.ContainsKey(m.Key)))
        {
            throw new InvalidOperationException($"Combined migration {type.FullName} ('{id}') has no parts.");
        }

        Migrations = migrations.OrderBy(m => m.Key, StringComparer.Ordinal)
            .ToDictionary(m => m.Key, m => m.Value.GetTypeInfo(), StringComparer.Ordinal);
    }

    /// <summary>The platform's assembly, then the modules' in registry order.</summary>
    public IReadOnlyList<Assembly> Owners { get; }

    /// <summary>Migration id to class, in id order (the order they are applied).</summary>
    public IReadOnlyDictionary<string, TypeInfo> Migrations { get; }

    /// <summary>The parts of a combined step, in the order they run.</summary>
    public IReadOnlyList<Type> PartsOf(string migrationId) => _parts.TryGetValue(migrationId, out var parts) ? parts : [];

    public Migration Create(TypeInfo migrationClass, string activeProvider)
    {
        var migration = New(migrationClass, activeProvider);
        if (migration is CombinedMigration combined)
        {
            combined.Parts = [.. PartsOf(migrationClass.GetCustomAttribute<MigrationAttribute>()!.Id).Select(p => New(p, activeProvider))];
        }

        return migration;
    }

    private static Migration New(Type type, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(type)!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }
}

/// <summary>
/// A step whose tables several owners share (see <see cref="MigrationPartAttribute"/>): it runs its parts' operations in
/// order on the way up, and in reverse on the way down.
/// </summary>
public abstract class CombinedMigration : Migration
{
    internal IReadOnlyList<Migration> Parts { get; set; } = [];

    public override IReadOnlyList<Microsoft.EntityFrameworkCore.Migrations.Operations.MigrationOperation> UpOperations =>
        [.. Parts.SelectMany(p => p.UpOperations)];

    public override IReadOnlyList<Microsoft.EntityFrameworkCore.Migrations.Operations.MigrationOperation> DownOperations =>
        [.. Parts.Reverse().SelectMany(p => p.DownOperations)];

    // The parts build the operations.
    protected sealed override void Up(MigrationBuilder migrationBuilder)
    {
    }
}
