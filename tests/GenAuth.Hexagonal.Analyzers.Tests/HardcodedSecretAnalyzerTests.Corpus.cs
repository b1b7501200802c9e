using GenAuth.Hexagonal.Analyzers.Tests.Infrastructure;

namespace GenAuth.Hexagonal.Analyzers.Tests;

/// <summary>No diagnostics over this repository's own src/ and over a body of ordinary, secret-free code.</summary>
public sealed partial class HardcodedSecretAnalyzerTests
{
    [Fact]
    public async Task RepositorySources_NoDiagnostics()
    {
        var root = FindRepositoryRoot();
        var src = Path.Combine(root, "src");
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(path))
            .ToList();
        var appSettings = Directory.EnumerateFiles(src, "appsettings*.json", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(path))
            .Select(path => (path, File.ReadAllText(path)))
            .ToList();

        files.Should().Contain(path => path.EndsWith("WechatAppCredentials.cs", StringComparison.Ordinal), "the scan must see the real sources");
        var diagnostics = await AnalyzerRunner.RunAsync(files.Select(path => (path, File.ReadAllText(path))), appSettings);

        diagnostics.Select(d => d.ToString()).Should().BeEmpty();
    }

    [Fact]
    public async Task OrdinaryCode_NoDiagnostics()
    {
        var corpus = Path.Combine(AppContext.BaseDirectory, "Corpus");
        var files = Directory.EnumerateFiles(corpus, "*.cs.txt").ToList();
        files.Should().HaveCountGreaterThanOrEqualTo(3);

        var diagnostics = await AnalyzerRunner.RunAsync(files.Select(path => (path, File.ReadAllText(path))));

        diagnostics.Select(d => d.ToString()).Should().BeEmpty();
    }

    [Fact]
    public async Task OrdinaryCodeWithOneSecretAdded_ExactlyThatOneReported()
    {
        // Guards the two tests above: the same run does see a secret when one is there.
        var corpus = Path.Combine(AppContext.BaseDirectory, "Corpus");
        var sources = Directory.EnumerateFiles(corpus, "*.cs.txt").Select(path => (path, File.ReadAllText(path))).ToList();
        sources.Add(("/extra/Leak.cs", $$"""public static class Leak { public static string AppSecret { get; } = "{{S}}"; }"""));

        var diagnostics = await AnalyzerRunner.RunAsync(sources);

        var diagnostic = diagnostics.Should().ContainSingle().Subject;
        diagnostic.Id.Should().Be(DiagnosticIds.HardcodedSecretInCode);
        diagnostic.Location.GetLineSpan().Path.Should().Be("/extra/Leak.cs");
        diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Should().Contain("'AppSecret'").And.NotContain(S);
    }

    internal static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GenAuth.Hexagonal.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("GenAuth.Hexagonal.sln not found above " + AppContext.BaseDirectory);
    }

    private static bool IsBuildOutput(string path)
    {
        var separator = Path.DirectorySeparatorChar;
        return path.Contains($"{separator}bin{separator}", StringComparison.Ordinal)
            || path.Contains($"{separator}obj{separator}", StringComparison.Ordinal);
    }
}
