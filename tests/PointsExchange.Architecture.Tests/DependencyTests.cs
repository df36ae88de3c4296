using System.Reflection;
using PointsExchange.Testing;

namespace PointsExchange.Architecture.Tests;

/// <summary>Dependencies point inward: the cores reference nothing but the base class library.</summary>
public sealed class DependencyTests
{
    public static TheoryData<string> Cores() => ["PointsExchange.Matching", "PointsExchange.Sequencing"];

    [Theory]
    [MemberData(nameof(Cores))]
    public void A_core_references_only_the_base_class_library(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);

        var foreign = assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => !(name.StartsWith("System.", StringComparison.Ordinal) || name is "System" or "netstandard" or "mscorlib"))
            .ToList();

        Assert.True(foreign.Count == 0, $"{assemblyName} references {string.Join(", ", foreign)}");
    }

    [Theory]
    [MemberData(nameof(Cores))]
    public void A_core_has_no_package_or_project_reference(string assemblyName)
    {
        var project = Path.Combine(Repository.Root, "src", assemblyName, assemblyName + ".csproj");

        var text = File.ReadAllText(project);

        Assert.DoesNotContain("PackageReference", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ProjectReference", text, StringComparison.Ordinal);
    }

    public static TheoryData<string, string[]> Layers() => new()
    {
        // The client is built from the contract alone, as a client in any other language would be.
        { "px", ["PointsExchange.Contracts"] },

        // So is the load generator: it drives the exchange only through the API.
        { "px-load", ["PointsExchange.Contracts"] },
        { "PointsExchange.Grains.Abstractions", [] },
        { "PointsExchange.Engine", ["PointsExchange.Matching", "PointsExchange.Sequencing"] },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void A_layer_references_only_the_projects_beneath_it(string assemblyName, string[] allowed)
    {
        var references = Assembly.Load(assemblyName).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => name.StartsWith("PointsExchange.", StringComparison.Ordinal))
            .ToList();

        Assert.True(references.All(allowed.Contains), $"{assemblyName} references {string.Join(", ", references.Except(allowed))}");
    }
}
