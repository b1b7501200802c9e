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
    private const string RedisAdapter = "GenAuth.Hexagonal.Adapters.Redis";
    private const string DependencyInjection = "GenAuth.Hexagonal.DependencyInjection";
    private const string Testing = "GenAuth.Hexagonal.Testing";
    private const string Cli = "GenAuth.Hexagonal.Cli";

    private static readonly string[] Adapters = [GenAuthAdapter, WechatAdapter, CachingAdapter, RedisAdapter, Testing, Cli];

    public static TheoryData<string, string, string[]> AllowedProjectReferences => new()
    {
        { "src/Core/GenAuth.Hexagonal.Core.csproj", Core, [] },
        // Adapter packages may reference the DI package, for the builder only: each owns its UseX/AddX registration.
        { "src/Adapters/GenAuth/GenAuth.Hexagonal.Adapters.GenAuth.csproj", GenAuthAdapter, [Core, DependencyInjection] },
        { "src/Adapters/Wechat/GenAuth.Hexagonal.Adapters.Wechat.csproj", WechatAdapter, [Core, DependencyInjection] },
        { "src/Adapters/Caching/GenAuth.Hexagonal.Adapters.Caching.csproj", CachingAdapter, [Core, DependencyInjection] },
        { "src/Adapters/Redis/GenAuth.Hexagonal.Adapters.Redis.csproj", RedisAdapter, [Core, DependencyInjection] },
        { "src/Adapters/DependencyInjection/GenAuth.Hexagonal.DependencyInjection.csproj", DependencyInjection, [Core] },
        { "src/Adapters/Testing/GenAuth.Hexagonal.Testing.csproj", Testing, [Core] },
        { "src/Adapters/Cli/GenAuth.Hexagonal.Cli.csproj", Cli, [DependencyInjection, GenAuthAdapter, WechatAdapter, CachingAdapter, RedisAdapter, Testing] },
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
    [InlineData(RedisAdapter)]
    [InlineData(Testing)]
    public void Adapter_DependsOnNoOtherAdapter(string adapter)
    {
        // The DI package is allowed for the builder (except to Testing, which needs none of it).
        var others = Adapters.Where(a => a != adapter).Concat(adapter == Testing ? [DependencyInjection] : []).ToArray();
        var result = Types.InAssembly(Assembly.Load(adapter)).ShouldNot().HaveDependencyOnAny(others).GetResult();

        result.IsSuccessful.Should().BeTrue("adapters never reference each other, but: {0}", string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void DependencyInjection_ReferencesNoAdapter()
    {
        var result = Types.InAssembly(Assembly.Load(DependencyInjection)).ShouldNot().HaveDependencyOnAny(Adapters).GetResult();

        result.IsSuccessful.Should().BeTrue("the DI package holds the builder only; adapters bring their own registration, but: {0}",
            string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Theory]
    [MemberData(nameof(AllowedProjectReferences))]
    public void ShippedAssembly_GrantsInternalsToTestsOnly(string projectPath, string assemblyName, string[] allowed)
    {
        _ = projectPath;
        _ = allowed;
        Assembly.Load(assemblyName).GetCustomAttributes<System.Runtime.CompilerServices.InternalsVisibleToAttribute>()
            .Select(a => a.AssemblyName)
            .Where(name => !name.EndsWith(".Tests", StringComparison.Ordinal))
            .Should().BeEmpty("packages of different versions must work side by side, so no shipped package sees another's internals");
    }

    [Fact]
    public void GenAuthAndCachingPackages_DoNotBringTheWechatAdapter()
    {
        // What a user gets who references GenAuth.Hexagonal.Adapters.GenAuth and .Adapters.Caching: the closure of their
        // references, on the project files (= the packages' dependencies) and on the built assemblies.
        var projects = AllowedProjectReferences.ToDictionary(row => (string)row[1], row => (string)row[0]);
        var closure = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([GenAuthAdapter, CachingAdapter]);
        while (pending.TryPop(out var name))
        {
            if (closure.Add(name) && projects.TryGetValue(name, out var path))
            {
                foreach (var reference in RepositoryLayout.ProjectReferences(path))
                {
                    pending.Push(reference);
                }
            }
        }

        closure.Should().NotContain(WechatAdapter).And.Contain([Core, DependencyInjection]);
        foreach (var name in closure.Where(n => n.StartsWith("GenAuth.Hexagonal", StringComparison.Ordinal) && !n.Contains("Analyzers", StringComparison.Ordinal)))
        {
            Assembly.Load(name).GetReferencedAssemblies().Select(a => a.Name).Should().NotContain(WechatAdapter);
        }
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
