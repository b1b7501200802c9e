using System.Reflection;
using NetArchTest.Rules;

namespace GenAuth.Hexagonal.Architecture.Tests;

/// <summary>Enforces design.md's "Projects and who may reference whom" table, on the project files and on the built assemblies.</summary>
public class ReferenceTableTests
{
    private const string Core = "GenAuth.Hexagonal.Core";
    private const string GenAuthAdapter = "GenAuth.Hexagonal.Adapters.GenAuth";
    private const string WechatAdapter = "GenAuth.Hexagonal.Adapters.Wechat";
    private const string CachingAdapter = "GenAuth.Hexagonal.Adapters.Caching";
    private const string DependencyInjection = "GenAuth.Hexagonal.DependencyInjection";
    private const string Testing = "GenAuth.Hexagonal.Testing";
    private const string Cli = "GenAuth.Hexagonal.Cli";

    private static readonly string[] Adapters = [GenAuthAdapter, WechatAdapter, CachingAdapter, Testing, Cli];

    public static TheoryData<string, string, string[]> AllowedProjectReferences => new()
    {
        { "src/Core/GenAuth.Hexagonal.Core.csproj", Core, [] },
        { "src/Adapters/GenAuth/GenAuth.Hexagonal.Adapters.GenAuth.csproj", GenAuthAdapter, [Core] },
        { "src/Adapters/Wechat/GenAuth.Hexagonal.Adapters.Wechat.csproj", WechatAdapter, [Core] },
        { "src/Adapters/Caching/GenAuth.Hexagonal.Adapters.Caching.csproj", CachingAdapter, [Core] },
        { "src/Adapters/DependencyInjection/GenAuth.Hexagonal.DependencyInjection.csproj", DependencyInjection, [Core, GenAuthAdapter, WechatAdapter, CachingAdapter] },
        { "src/Adapters/Testing/GenAuth.Hexagonal.Testing.csproj", Testing, [Core] },
        { "src/Adapters/Cli/GenAuth.Hexagonal.Cli.csproj", Cli, [DependencyInjection, Testing] },
    };

    [Theory]
    [MemberData(nameof(AllowedProjectReferences))]
    public void ProjectFile_ReferencesOnlyWhatTheTableAllows(string projectPath, string assemblyName, string[] allowed)
    {
        _ = assemblyName;
        RepositoryLayout.ProjectReferences(projectPath)
            .Where(r => r != "GenAuth.Hexagonal.Analyzers" && r != "GenAuth.Hexagonal.Analyzers.CodeFixes")
            .Should().BeSubsetOf(allowed, "design.md's reference table allows {0} to reference only {1}", projectPath, string.Join(", ", allowed));
    }

    [Theory]
    [MemberData(nameof(AllowedProjectReferences))]
    public void BuiltAssembly_ReferencesNoProjectAssemblyOutsideTheTable(string projectPath, string assemblyName, string[] allowed)
    {
        _ = projectPath;
        var transitivelyAllowed = Expand(allowed);
        Assembly.Load(assemblyName).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("GenAuth.Hexagonal", StringComparison.Ordinal))
            .Should().BeSubsetOf(transitivelyAllowed);
    }

    [Fact]
    public void Core_ReferencesOnlyTheBaseClassLibrary()
    {
        RepositoryLayout.PackageReferences("src/Core/GenAuth.Hexagonal.Core.csproj")
            .Should().BeEmpty("Core references nothing but the BCL");
        RepositoryLayout.FrameworkReferences("src/Core/GenAuth.Hexagonal.Core.csproj").Should().BeEmpty();
        RepositoryLayout.Core.GetReferencedAssemblies().Select(a => a.Name!)
            .Should().OnlyContain(n => n == "netstandard" || n.StartsWith("System", StringComparison.Ordinal));
    }

    [Fact]
    public void Core_TypesDependOnNoAdapterOrFramework()
    {
        var result = Types.InAssembly(RepositoryLayout.Core)
            .ShouldNot()
            .HaveDependencyOnAny("Refit", "Microsoft.Extensions", "Microsoft.AspNetCore", "GenAuth.Hexagonal.Adapters", "System.Net.Http.Json")
            .GetResult();

        result.IsSuccessful.Should().BeTrue("Core must stay pure, but these types depend on frameworks: {0}",
            string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Theory]
    [InlineData(GenAuthAdapter)]
    [InlineData(WechatAdapter)]
    [InlineData(CachingAdapter)]
    [InlineData(Testing)]
    public void Adapter_DependsOnNoOtherAdapter(string adapter)
    {
        var others = Adapters.Where(a => a != adapter).Append(DependencyInjection).ToArray();
        var result = Types.InAssembly(Assembly.Load(adapter)).ShouldNot().HaveDependencyOnAny(others).GetResult();

        result.IsSuccessful.Should().BeTrue("adapters never reference each other, but: {0}", string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void CachingAdapter_KnowsNoSource()
    {
        RepositoryLayout.PackageReferences("src/Adapters/Caching/GenAuth.Hexagonal.Adapters.Caching.csproj")
            .Should().NotContain(p => p.StartsWith("Refit", StringComparison.Ordinal) || p == "Microsoft.Extensions.Http");
    }

    [Theory]
    [InlineData("src/Analyzers/Analyzers/GenAuth.Hexagonal.Analyzers.csproj", new string[0])]
    [InlineData("src/Analyzers/CodeFixes/GenAuth.Hexagonal.Analyzers.CodeFixes.csproj", new[] { "GenAuth.Hexagonal.Analyzers" })]
    public void Analyzer_ReferencesNoLibraryProject(string projectPath, string[] allowed)
    {
        RepositoryLayout.ProjectReferences(projectPath).Should().BeSubsetOf(allowed);
        RepositoryLayout.PackageReferences(projectPath)
            .Should().OnlyContain(p => p.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal), "the analyzer builds against Roslyn only");
    }

    private static HashSet<string> Expand(string[] allowed)
    {
        var map = AllowedProjectReferences.ToDictionary(row => (string)row[1], row => (string[])row[2]);
        var result = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(allowed);
        while (pending.TryPop(out var name))
        {
            if (result.Add(name) && map.TryGetValue(name, out var next))
            {
                foreach (var n in next)
                {
                    pending.Push(n);
                }
            }
        }

        return result;
    }
}
