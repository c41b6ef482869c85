using System.Text.RegularExpressions;
using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Modules;
using Crm.Web;
using Microsoft.EntityFrameworkCore;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Crm.ArchitectureTests;

/// <summary>
/// Hand-written SQL names only its owner's tables: every string a module or the platform compiles (statements,
/// migration SQL, interpolated parts) is read for the tables it names, and each must be one its own model maps. The
/// table-to-owner map comes from the EF model: each registered module's <c>ConfigureModel</c>, and the platform's
/// context with no modules for the platform's tables.
/// </summary>
public sealed partial class RawSqlOwnershipTests
{
    private const string Platform = "Crm.Infrastructure";

    private static readonly string BinFolder = AppContext.BaseDirectory;

    /// <summary>Table name to the assembly that owns it.</summary>
    private static readonly Dictionary<string, string> Owners = BuildOwners();

    private static Dictionary<string, string> BuildOwners()
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var module in ModuleRegistry.All)
        {
            var builder = new ModelBuilder();
            module.ConfigureModel(builder);
            foreach (var table in builder.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>())
            {
                owners[table] = module.GetType().Assembly.GetName().Name!;
            }
        }

        var options = new DbContextOptionsBuilder<CrmDbContext>().UseSqlite("Data Source=:memory:").Options;
        using var platform = new CrmDbContext(options, Array.Empty<ICrmModule>(), null!, null!, new(), []);
        foreach (var table in platform.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>())
        {
            owners.TryAdd(table, Platform);
        }

        return owners;
    }

    public static TheoryData<string> CodeAssemblies() =>
        [.. Directory.GetFiles(BinFolder, "Crm.Modules.*.dll").Select(Path.GetFileNameWithoutExtension).OfType<string>().Append(Platform)];

    /// <summary>The module (or the platform) an assembly speaks for: a module's contracts belong to the module.</summary>
    private static string OwnerOf(string assembly) => assembly.EndsWith(".Contracts", StringComparison.Ordinal) ? assembly[..^".Contracts".Length] : assembly;

    /// <summary>Every string literal compiled into the assembly: loaded strings and constant fields.</summary>
    internal static IEnumerable<string> Strings(string assembly)
    {
        using var module = ModuleDefinition.ReadModule(Path.Combine(BinFolder, assembly + ".dll"));
        var strings = new List<string>();
        foreach (var type in module.GetTypes())
        {
            strings.AddRange(type.Fields.Where(f => f.HasConstant).Select(f => f.Constant).OfType<string>());
            strings.AddRange(type.Methods.Where(m => m.HasBody).SelectMany(m => m.Body.Instructions)
                .Where(i => i.OpCode == OpCodes.Ldstr).Select(i => (string)i.Operand));
        }

        return strings;
    }

    /// <summary>The tables a piece of SQL names after FROM, JOIN, INTO, UPDATE, TABLE or ON (quoted, as every statement here quotes them).</summary>
    internal static IEnumerable<string> TablesNamedIn(string sql) => TableName().Matches(sql).Select(m => m.Groups["table"].Value);

    /// <summary>"table (owner)" for each known table the assembly's SQL names that another owner maps.</summary>
    private static List<string> ForeignTables(string assembly) =>
        [.. Strings(assembly).SelectMany(TablesNamedIn).Distinct()
            .Where(t => Owners.TryGetValue(t, out var owner) && owner != OwnerOf(assembly))
            .Select(t => $"{t} ({Owners[t]})").Order()];

    [Fact]
    public void The_checker_knows_every_owner_and_reads_the_statements()
    {
        // Guards the guard: an empty map or an unread statement would let every row pass.
        Owners["Contacts"].ShouldBe("Crm.Modules.Contacts");
        Owners["DocumentSequences"].ShouldBe("Crm.Modules.Invoicing");
        Owners["AuditEntries"].ShouldBe(Platform);
        Strings("Crm.Modules.Contacts").SelectMany(TablesNamedIn).ShouldContain("EmailAddresses");
        Strings("Crm.Modules.Invoicing").SelectMany(TablesNamedIn).ShouldContain("DocumentSequences");
        TablesNamedIn("""SELECT c."Id" FROM "Contacts" AS c JOIN "Users" AS u ON u."Id" = c."OwnerId" """).ShouldBe(["Contacts", "Users"]);
    }

    [Theory]
    [MemberData(nameof(CodeAssemblies))]
    public void Hand_written_sql_names_only_its_owners_tables(string assembly) =>
        ForeignTables(assembly).ShouldBeEmpty($"{assembly} names tables another owner maps: ask that module through its contracts instead");

    [GeneratedRegex(@"\b(?:FROM|JOIN|INTO|UPDATE|TABLE|ON)\s+""(?<table>[A-Za-z_][A-Za-z0-9_]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex TableName();
}
