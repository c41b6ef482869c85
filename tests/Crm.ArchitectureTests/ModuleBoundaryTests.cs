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

    public static TheoryData<string, string> ModulePairs()
    {
        var modules = CrmAssemblies().Where(IsModule).ToList();
        var pairs = new TheoryData<string, string>();
        foreach (var from in modules)
        {
            foreach (var to in modules.Where(t => ModuleOf(t) != ModuleOf(from) && !IsContracts(t)))
            {
                pairs.Add(from, to);
            }
        }

        // With a single module there is no pair yet; keep one row so the test exists and runs.
        if (pairs.Count == 0)
        {
            pairs.Add(modules[0], "Crm.Modules.None");
        }

        return pairs;
    }

    [Fact]
    public void The_host_output_contains_the_modules() =>
        CrmAssemblies().Where(IsModule).ShouldContain("Crm.Modules.Identity");

    [Theory]
    [MemberData(nameof(ModulePairs))]
    public void A_module_does_not_use_another_modules_internals(string module, string otherModuleInternals) =>
        UsedCrmAssemblies(module).ShouldNotContain(otherModuleInternals);

    [Theory]
    [MemberData(nameof(ModuleAssemblies))]
    public void A_module_depends_only_on_the_shared_kernel_and_contracts(string module)
    {
        var allowed = UsedCrmAssemblies(module).Where(a => a != "Crm.SharedKernel" && !IsContracts(a) && !(IsModule(a) && ModuleOf(a) == ModuleOf(module)));
        allowed.ShouldBeEmpty($"{module} reaches into platform internals; use Crm.SharedKernel abstractions instead");
    }

    [Theory]
    [MemberData(nameof(ModuleAssemblies))]
    public void Contracts_depend_only_on_the_shared_kernel(string module)
    {
        if (!IsContracts(module))
        {
            return;
        }

        UsedCrmAssemblies(module).ShouldBeSubsetOf(["Crm.SharedKernel"]);
    }

    [Theory]
    [InlineData("Crm.SharedKernel")]
    [InlineData("Crm.Infrastructure")]
    public void The_platform_knows_no_module(string platformAssembly) =>
        UsedCrmAssemblies(platformAssembly).Where(IsModule).ShouldBeEmpty();

    [Fact]
    public void The_shared_kernel_depends_on_nothing_else_of_ours() =>
        UsedCrmAssemblies("Crm.SharedKernel").ShouldBeEmpty();
}
