using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Infrastructure.Persistence;

/// <summary>
/// EF's view of the migrations: the host's <see cref="MigrationCatalog"/> instead of one assembly's classes. There is no
/// model snapshot, since the migrations are written by hand (the schema-drift test compares them with the model).
/// </summary>
public sealed class ModuleMigrationsAssembly(ICurrentDbContext currentContext) : IMigrationsAssembly
{
    private MigrationCatalog Catalog => currentContext.Context.GetService<MigrationCatalog>();

    public IReadOnlyDictionary<string, TypeInfo> Migrations => Catalog.Migrations;

    public ModelSnapshot? ModelSnapshot => null;

    public Assembly Assembly => typeof(ModuleMigrationsAssembly).Assembly;

    public string? FindMigrationId(string nameOrId) =>
        Migrations.Keys.FirstOrDefault(id => string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase))
        ?? Migrations.Keys.FirstOrDefault(id => string.Equals(id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..], nameOrId, StringComparison.OrdinalIgnoreCase));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider) => Catalog.Create(migrationClass, activeProvider);
}
