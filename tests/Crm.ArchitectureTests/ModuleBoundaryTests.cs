using Mono.Cecil;

namespace Crm.ArchitectureTests;

/// <summary>
/// Module boundaries, checked on the compiled assemblies type by type (Mono.Cecil), data-driven so a new module
/// is covered by creating it: every assembly named Crm.Modules.* in the host's output is found automatically.
/// </summary>
public sealed class ModuleBoundaryTests
{
    private static readonly string BinFolder = AppContext.BaseDirectory;

    private static IEnumerable<string> CrmAssemblies() =>
        Directory.GetFiles(BinFolder, "Crm.*.dll").Select(Path.GetFileNameWithoutExtension)
            .Where(n => n is not null && !n.EndsWith("Tests", StringComparison.Ordinal))!;

    private static string ModuleOf(string assembly) => assembly.Split('.')[2];

    private static bool IsModule(string assembly) => assembly.StartsWith("Crm.Modules.", StringComparison.Ordinal);

    private static bool IsContracts(string assembly) => assembly.EndsWith(".Contracts", StringComparison.Ordinal);

    /// <summary>Every Crm assembly a type in <paramref name="assembly"/> uses, by the types it touches.</summary>
    private static HashSet<string> UsedCrmAssemblies(string assembly)
    {
        using var module = ModuleDefinition.ReadModule(Path.Combine(BinFolder, assembly + ".dll"));
        return module.GetTypeReferences().Select(t => t.Scope.Name)
            .Concat(module.AssemblyReferences.Select(r => r.Name))
            .Where(n => n.StartsWith("Crm.", StringComparison.Ordinal))
            .ToHashSet();
    }

    public static TheoryData<string> ModuleAssemblies() => [.. CrmAssemblies().Where(IsModule)];

    public static TheoryData<string> ContractsAssemblies() => [.. CrmAssemblies().Where(a => IsModule(a) && IsContracts(a))];

    [Fact]
    public void The_host_output_contains_the_modules()
    {
        var modules = CrmAssemblies().Where(IsModule).ToList();
        modules.ShouldContain("Crm.Modules.Identity");
        modules.ShouldContain("Crm.Modules.Identity.Contracts");
        modules.Count(IsContracts).ShouldBe(modules.Count / 2); // every module has its contracts, so each rule has rows
    }

    [Fact]
    public void The_checker_sees_real_dependencies()
    {
        // Guards the guard: an inspection that found nothing would make every rule below pass.
        UsedCrmAssemblies("Crm.Web").ShouldContain("Crm.Modules.Identity");
        UsedCrmAssemblies("Crm.Modules.Identity").ShouldContain("Crm.Modules.Identity.Contracts");
    }

    /// <summary>
    /// One row per module assembly. This covers every module pair too: a module may use no other module's
    /// assembly except that module's .Contracts.
    /// </summary>
    [Theory]
    [MemberData(nameof(ModuleAssemblies))]
    public void A_module_depends_only_on_the_shared_kernel_and_contracts(string module)
    {
        var allowed = UsedCrmAssemblies(module).Where(a => a != "Crm.SharedKernel" && !IsContracts(a) && !(IsModule(a) && ModuleOf(a) == ModuleOf(module)));
        allowed.ShouldBeEmpty($"{module} reaches into platform internals; use Crm.SharedKernel abstractions instead");
    }

    [Theory]
    [MemberData(nameof(ContractsAssemblies))]
    public void Contracts_depend_only_on_the_shared_kernel(string contracts) =>
        UsedCrmAssemblies(contracts).ShouldBeSubsetOf(["Crm.SharedKernel"]);

    [Theory]
    [InlineData("Crm.SharedKernel")]
    [InlineData("Crm.Infrastructure")]
    public void The_platform_knows_no_module(string platformAssembly) =>
        UsedCrmAssemblies(platformAssembly).Where(IsModule).ShouldBeEmpty();

    [Fact]
    public void The_shared_kernel_depends_on_nothing_else_of_ours() =>
        UsedCrmAssemblies("Crm.SharedKernel").ShouldBeEmpty();
}
