using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Crm.ArchitectureTests;

/// <summary>
/// Inside a module the web side depends on the feature side and never the reverse: a type under <c>.Features</c> or
/// <c>.Domain</c> may not use a type under <c>.Web</c> (a form model, a controller, a view model), so a command or a
/// report can be reused by a job, an import or another page without dragging a web form along. Read from the compiled
/// assemblies (signatures and method bodies, lambdas and async state machines included).
/// </summary>
public sealed class ModuleLayerTests
{
    private static readonly string BinFolder = AppContext.BaseDirectory;

    public static TheoryData<string> ModuleAssemblies() =>
        [.. Directory.GetFiles(BinFolder, "Crm.Modules.*.dll").Select(Path.GetFileNameWithoutExtension).OfType<string>()
            .Where(n => !n.EndsWith(".Contracts", StringComparison.Ordinal))];

    private static bool IsCoreLayer(string? ns) => ns is not null && (HasSegment(ns, "Features") || HasSegment(ns, "Domain"));

    private static bool IsWebLayer(string? ns) => ns is not null && HasSegment(ns, "Web");

    private static bool HasSegment(string ns, string segment) => ns.Split('.').Contains(segment, StringComparer.Ordinal);

    /// <summary>The namespace a type is declared in (a nested type's is its outermost declaring type's).</summary>
    private static string? NamespaceOf(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type.Namespace;
    }

    /// <summary>Each feature or domain type of the assembly with the web types it uses, as "Feature → Web" lines.</summary>
    internal static List<string> CoreToWebReferences(string assembly)
    {
        using var module = ModuleDefinition.ReadModule(Path.Combine(BinFolder, assembly + ".dll"));
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in module.GetTypes().Where(t => IsCoreLayer(NamespaceOf(t))))
        {
            foreach (var used in TypesUsedBy(type).Where(u => u.Scope.MetadataScopeType == MetadataScopeType.ModuleDefinition))
            {
                if (IsWebLayer(NamespaceOf(used)))
                {
                    found.Add($"{OuterName(type)} → {OuterName(used)}");
                }
            }
        }

        return [.. found];
    }

    private static string OuterName(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type.FullName;
    }

    private static List<TypeReference> TypesUsedBy(TypeDefinition type)
    {
        IEnumerable<TypeReference> Expand(TypeReference? t)
        {
            if (t is null)
            {
                yield break;
            }

            yield return t.GetElementType();
            if (t is GenericInstanceType generic)
            {
                foreach (var argument in generic.GenericArguments.SelectMany(Expand))
                {
                    yield return argument;
                }
            }
        }

        IEnumerable<TypeReference> OfMethod(MethodReference m) =>
            Expand(m.DeclaringType).Concat(Expand(m.ReturnType)).Concat(m.Parameters.SelectMany(p => Expand(p.ParameterType)))
                .Concat(m is GenericInstanceMethod g ? g.GenericArguments.SelectMany(Expand) : []);

        var used = Expand(type.BaseType).Concat(type.Interfaces.SelectMany(i => Expand(i.InterfaceType)))
            .Concat(type.Fields.SelectMany(f => Expand(f.FieldType)))
            .Concat(type.Properties.SelectMany(p => Expand(p.PropertyType)))
            .Concat(type.CustomAttributes.SelectMany(a => Expand(a.AttributeType)));
        foreach (var method in type.Methods)
        {
            used = used.Concat(OfMethod(method)).Concat(method.CustomAttributes.SelectMany(a => Expand(a.AttributeType)));
            if (!method.HasBody)
            {
                continue;
            }

            used = used.Concat(method.Body.Variables.SelectMany(v => Expand(v.VariableType)))
                .Concat(method.Body.Instructions.SelectMany(i => i.Operand switch
                {
                    TypeReference t => Expand(t),
                    MethodReference m => OfMethod(m),
                    FieldReference f => Expand(f.DeclaringType).Concat(Expand(f.FieldType)),
                    _ => [],
                }));
        }

        return used.ToList();
    }

    [Fact]
    public void The_checker_sees_the_web_side_using_the_feature_side()
    {
        // Guards the guard: the same reading, turned around, must find the controllers using their features.
        using var module = ModuleDefinition.ReadModule(Path.Combine(BinFolder, "Crm.Modules.Contacts.dll"));
        var controller = module.GetType("Crm.Modules.Contacts.Web.ContactsController");
        TypesUsedBy(controller).Select(NamespaceOf).ShouldContain("Crm.Modules.Contacts.Features");
        ModuleAssemblies().Count.ShouldBeGreaterThanOrEqualTo(10);
    }

    [Theory]
    [MemberData(nameof(ModuleAssemblies))]
    public void Features_and_domain_do_not_depend_on_the_web_side(string assembly) =>
        CoreToWebReferences(assembly).ShouldBeEmpty($"{assembly}: move these request shapes to the feature side");
}
