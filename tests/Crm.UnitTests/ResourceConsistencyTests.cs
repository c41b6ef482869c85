using System.Xml.Linq;

namespace Crm.UnitTests;

/// <summary>
/// The same thing has the same name on every page: a value named by several modules (a customer's source is picked on
/// the lead and contact forms and counted in the reports) reads alike in each, in both languages.
/// </summary>
public sealed class ResourceConsistencyTests
{
    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "Crm.sln")))
        {
            folder = folder.Parent ?? throw new InvalidOperationException("Crm.sln not found");
        }

        return folder.FullName;
    }

    [Theory]
    [InlineData("Source_", false)]
    [InlineData("Source_", true)]
    public void A_name_shared_by_modules_reads_the_same_in_each(string prefix, bool persian)
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot(), "src", "Modules"), "*Resources*.resx", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".fa.resx", StringComparison.Ordinal) == persian && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var names = files.SelectMany(file => XDocument.Load(file).Root!.Elements("data")
                .Select(d => (Module: Path.GetFileName(file), Key: (string)d.Attribute("name")!, Value: (string?)d.Element("value") ?? "")))
            .Where(x => x.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToList();
        names.Select(x => x.Module).Distinct().Count().ShouldBeGreaterThanOrEqualTo(3); // the lead and contact forms and the reports at least
        var differing = names.GroupBy(x => x.Key).Where(g => g.Select(x => x.Value).Distinct().Count() > 1)
            .Select(g => $"{g.Key}: " + string.Join(" / ", g.Select(x => $"{x.Module}={x.Value}")));
        differing.ShouldBeEmpty();
    }
}
