using System.Reflection;
using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Data;
using Crm.SharedKernel.Modules;
using Crm.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Crm.ArchitectureTests;

/// <summary>
/// Each owner keeps its schema: a module's migrations live in that module, under its Data.Migrations namespace, and touch
/// only the tables its own model maps; the platform's touch no module's table. Data-driven over the registry, so a new
/// module is covered by registering it.
/// </summary>
public sealed class MigrationOwnershipTests
{
    private const string PlatformMigrations = "Crm.Infrastructure.Persistence.Migrations";

    private static readonly MigrationCatalog Catalog = new(ModuleRegistry.All.Select(m => m.GetType().Assembly));

    /// <summary>Table name to the assembly whose module maps it.</summary>
    private static readonly Dictionary<string, Assembly> ModuleTables = ModuleRegistry.All
        .SelectMany(m => TablesOf(m).Select(t => (Table: t, Owner: m.GetType().Assembly)))
        .ToDictionary(x => x.Table, x => x.Owner, StringComparer.Ordinal);

    private static IEnumerable<string> TablesOf(ICrmModule module)
    {
        var builder = new ModelBuilder();
        module.ConfigureModel(builder);
        return builder.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct();
    }

    /// <summary>Every migration class and part the host's catalog sees, with the assembly it lives in.</summary>
    public static TheoryData<string> MigrationClasses() =>
        [.. Catalog.Owners.SelectMany(a => a.GetTypes()).Where(IsMigration).Select(t => t.FullName!)];

    private static bool IsMigration(Type t) => t.IsClass && !t.IsAbstract && t.IsSubclassOf(typeof(Migration));

    private static Type TypeNamed(string name) => Catalog.Owners.Select(a => a.GetType(name)).OfType<Type>().Single();

    [Fact]
    public void The_checker_sees_every_owners_migrations()
    {
        // Guards the guard: rules over an empty list would pass.
        var owners = Catalog.Owners.Where(a => a.GetTypes().Any(IsMigration)).Select(a => a.GetName().Name).ToList();
        owners.ShouldContain("Crm.Infrastructure");
        owners.ShouldContain("Crm.Modules.Identity");
        owners.ShouldContain("Crm.Modules.Sales");
        ModuleTables["Users"].GetName().Name.ShouldBe("Crm.Modules.Identity");
        ModuleTables["Opportunities"].GetName().Name.ShouldBe("Crm.Modules.Sales");
    }

    [Fact]
    public void Migrations_live_only_in_the_platform_and_in_modules()
    {
        var outside = new[] { typeof(ICrmModule).Assembly, typeof(ModuleRegistry).Assembly }
            .Concat(AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name?.EndsWith(".Contracts", StringComparison.Ordinal) == true))
            .SelectMany(a => a.GetTypes()).Where(IsMigration).Select(t => t.FullName);
        outside.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(MigrationClasses))]
    public void A_migration_lives_in_its_owners_migrations_namespace(string migrationClass)
    {
        var type = TypeNamed(migrationClass);
        var assembly = type.Assembly.GetName().Name!;
        type.Namespace.ShouldBe(assembly == "Crm.Infrastructure" ? PlatformMigrations : assembly + ".Data.Migrations");
    }

    [Theory]
    [MemberData(nameof(MigrationClasses))]
    public void A_migration_touches_only_its_owners_tables(string migrationClass)
    {
        var type = TypeNamed(migrationClass);
        if (type.IsSubclassOf(typeof(CombinedMigration)))
        {
            return; // its parts are checked one by one, each against its own owner
        }

        foreach (var provider in new[] { "Microsoft.EntityFrameworkCore.Sqlite", MigrationBuilderExtensions.NpgsqlProviderName })
        {
            var migration = (Migration)Activator.CreateInstance(type)!;
            migration.ActiveProvider = provider;
            foreach (var operation in migration.UpOperations.Concat(migration.DownOperations))
            {
                foreach (var table in TablesNamedBy(operation))
                {
                    var others = ModuleTables.TryGetValue(table, out var owner) && owner != type.Assembly;
                    others.ShouldBeFalse($"{type.Name} ({type.Assembly.GetName().Name}) touches {table}, which {owner?.GetName().Name} owns: {operation.GetType().Name}");
                    if (type.Assembly != typeof(MigrationCatalog).Assembly && owner is null && operation is not DropTableOperation)
                    {
                        throw new ShouldAssertException($"{type.Name} touches {table}, which its module's model does not map: {operation.GetType().Name}");
                    }
                }
            }
        }
    }

    /// <summary>The tables an operation changes or refers to (a foreign key names its principal). Raw SQL is not read.</summary>
    private static IEnumerable<string> TablesNamedBy(MigrationOperation operation)
    {
        switch (operation)
        {
            case CreateTableOperation create:
                yield return create.Name;
                foreach (var key in create.ForeignKeys)
                {
                    yield return key.PrincipalTable;
                }

                break;
            case DropTableOperation drop:
                yield return drop.Name;
                break;
            case RenameTableOperation rename:
                yield return rename.Name;
                yield return rename.NewName ?? rename.Name;
                break;
            case AddForeignKeyOperation key:
                yield return key.Table;
                yield return key.PrincipalTable;
                break;
            case ITableMigrationOperation onTable:
                yield return onTable.Table;
                break;
        }
    }

    [Fact]
    public void The_steps_databases_already_hold_keep_their_ids()
    {
        // Ids recorded in every database made before each module kept its migrations: renaming one would run it again.
        string[] shipped =
        [
            "20261122000000_Initial", "20261122000100_JobRuns", "20261122000200_UserAccessExpiry", "20261122000300_ImportsAndSavedViews",
            "20261122000400_Contacts", "20261122000500_Leads", "20261129000000_Messaging", "20261130000000_ActivitiesTagsNotifications",
            "20261201000000_Pipeline", "20261202000000_Invoicing", "20261203000000_ReportIndexes", "20261204000000_PipelineReportIndexes",
            "20261205000000_ImportResume", "20261206000000_DropQuartzTables",
        ];
        Catalog.Migrations.Keys.Take(shipped.Length).ShouldBe(shipped);
    }

    [Fact]
    public void A_combined_step_runs_its_parts_platform_first_then_in_registry_order()
    {
        Catalog.PartsOf("20261122000000_Initial").Select(t => t.Name).ShouldBe(["AuditTrail", "UsersRolesTeams"]);
        Catalog.PartsOf("20261201000000_Pipeline").Select(t => t.Assembly.GetName().Name)
            .ShouldBe(["Crm.Modules.Leads", "Crm.Modules.Tags", "Crm.Modules.Sales"]);
        var step = Catalog.Create(Catalog.Migrations["20261122000000_Initial"], "Microsoft.EntityFrameworkCore.Sqlite");
        step.UpOperations.OfType<CreateTableOperation>().Select(t => t.Name).ShouldBe(["AuditEntries", "Teams", "Roles", "Users", "RoleClaims", "UserClaims", "UserRoles"]);
        step.DownOperations.OfType<DropTableOperation>().Last().Name.ShouldBe("AuditEntries");
    }
}
