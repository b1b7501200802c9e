using System.Reflection;
using PublicApiGenerator;

namespace GenAuth.Hexagonal.Architecture.Tests;

/// <summary>
/// Snapshots of each shipped assembly's public API. A change to the public surface fails here until the
/// snapshot in PublicApi/ is updated on purpose: run the tests with UPDATE_PUBLIC_API=1 and commit the diff.
/// </summary>
public class PublicApiTests
{
    public static TheoryData<string> ShippedAssemblies => new()
    {
        "GenAuth.Hexagonal.Core",
        "GenAuth.Hexagonal.Adapters.GenAuth",
        "GenAuth.Hexagonal.Adapters.Wechat",
        "GenAuth.Hexagonal.Adapters.Caching",
        "GenAuth.Hexagonal.Adapters.Redis",
        "GenAuth.Hexagonal.DependencyInjection",
        "GenAuth.Hexagonal.Testing",
        "GenAuth.Hexagonal.Cli",
    };

    [Theory]
    [MemberData(nameof(ShippedAssemblies))]
    public void PublicApi_MatchesApprovedSnapshot(string assemblyName)
    {
        var actual = Assembly.Load(assemblyName).GeneratePublicApi(new ApiGeneratorOptions
        {
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"],
        }).ReplaceLineEndings("\n");
        var approvedPath = Path.Combine(RepositoryLayout.Root, "tests", "GenAuth.Hexagonal.Architecture.Tests", "PublicApi", assemblyName + ".approved.txt");

        if (Environment.GetEnvironmentVariable("UPDATE_PUBLIC_API") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(approvedPath)!);
            File.WriteAllText(approvedPath, actual);
        }

        File.Exists(approvedPath).Should().BeTrue($"the public API snapshot {approvedPath} must exist (run the tests with UPDATE_PUBLIC_API=1 to create it)");
        var approved = File.ReadAllText(approvedPath).ReplaceLineEndings("\n");
        actual.Should().Be(approved, "the public API of {0} changed; if that is intended, run the tests with UPDATE_PUBLIC_API=1 and commit the snapshot", assemblyName);
    }
}
