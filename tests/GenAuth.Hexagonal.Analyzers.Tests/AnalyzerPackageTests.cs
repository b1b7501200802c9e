using GenAuth.Hexagonal.Analyzers.Tests.Infrastructure;

namespace GenAuth.Hexagonal.Analyzers.Tests;

/// <summary>
/// End to end, as a user meets the analyzers: GenAuth.Hexagonal.Core is packed to a local folder, a small consumer
/// project references it from there (its own NuGet.config: the folder plus nuget.org; its own packages folder) and is
/// built; each warning appears once, at the right file and line, without the secret's value. Slow: Category=Pack.
/// </summary>
[Trait("Category", "Pack")]
public sealed class AnalyzerPackageTests : IClassFixture<AnalyzerPackageTests.PackedLibrary>
{
    private const string S = TestSources.Secret;
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(4);

    private readonly PackedLibrary _library;

    public AnalyzerPackageTests(PackedLibrary library) => _library = library;

    [Fact]
    public async Task ConsumerBuild_EachWarningOnceAtFileAndLine_WithoutSecretValue()
    {
        var consumer = _library.CreateConsumer("warnings");
        var code = PositionOfSecret(Path.Combine(consumer, "Apps.cs"));
        var settings = PositionOfSecret(Path.Combine(consumer, "appsettings.json"));

        var (exitCode, output) = await DotnetCli.RunAsync(consumer, BuildTimeout, "build", "-nodeReuse:false");

        exitCode.Should().Be(0, output);
        DiagnosticLines(output, "warning GAH001").Should().ContainSingle(output)
            .Which.Should().Contain($"Apps.cs({code}): warning GAH001: A hard-coded secret reaches 'WechatAppCredentials(appSecret)'");
        DiagnosticLines(output, "warning GAH002").Should().ContainSingle(output)
            .Which.Should().Contain($"appsettings.json({settings}): warning GAH002: 'Wechat:Apps:mini:AppSecret' in 'appsettings.json' holds a hard-coded secret");
        output.Should().NotContain(S);
    }

    [Fact]
    public async Task ConsumerBuild_EditorConfigRaisesSeverity_BuildFailsWithErrors()
    {
        // Source-file rules take .editorconfig sections; a diagnostic in an AdditionalFile takes global options.
        var consumer = _library.CreateConsumer(
            "errors",
            (".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.GAH001.severity = error\n"),
            (".globalconfig", "is_global = true\ndotnet_diagnostic.GAH002.severity = error\n"));
        var code = PositionOfSecret(Path.Combine(consumer, "Apps.cs"));
        var settings = PositionOfSecret(Path.Combine(consumer, "appsettings.json"));

        var (exitCode, output) = await DotnetCli.RunAsync(consumer, BuildTimeout, "build", "-nodeReuse:false");

        exitCode.Should().NotBe(0, output);
        DiagnosticLines(output, "error GAH001").Should().ContainSingle(output).Which.Should().Contain($"Apps.cs({code}): error GAH001");
        DiagnosticLines(output, "error GAH002").Should().ContainSingle(output).Which.Should().Contain($"appsettings.json({settings}): error GAH002");
        DiagnosticLines(output, "warning GAH").Should().BeEmpty();
        output.Should().NotContain(S);
    }

    /// <summary>Distinct diagnostic lines (the console logger repeats every diagnostic in its closing summary).</summary>
    private static List<string> DiagnosticLines(string output, string marker) =>
        output.Split('\n').Select(line => line.Trim()).Where(line => line.Contains(marker, StringComparison.Ordinal)).Distinct().ToList();

    /// <summary>"line,column" (1-based) of the quoted secret in a file, as the build prints it.</summary>
    private static string PositionOfSecret(string path)
    {
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var column = lines[i].IndexOf("\"" + S, StringComparison.Ordinal);
            if (column >= 0)
            {
                return $"{i + 1},{column + 1}";
            }
        }

        throw new InvalidOperationException("The secret is not in " + path);
    }

    /// <summary>Packs GenAuth.Hexagonal.Core once per test class into a temporary folder, deleted afterwards.</summary>
    public sealed class PackedLibrary : IAsyncLifetime
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "gah-pack-" + Guid.NewGuid().ToString("N"));

        public string Feed => Path.Combine(_root, "feed");

        public string Version { get; } = "0.1.0-e2e";

        public async Task InitializeAsync()
        {
            Directory.CreateDirectory(Feed);
            File.WriteAllText(Path.Combine(_root, "Directory.Build.props"), "<Project />");
            File.WriteAllText(Path.Combine(_root, "Directory.Build.targets"), "<Project />");
            File.WriteAllText(Path.Combine(_root, "NuGet.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{Feed}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                </configuration>
                """);

            // Packed from a private copy of the sources: packing in the repository itself would rebuild src/Core's bin and
            // obj under the test version while the other test projects build and run against them in parallel.
            var source = CopySources(HardcodedSecretAnalyzerTests.FindRepositoryRoot(), Path.Combine(_root, "source"));
            var (exitCode, output) = await DotnetCli.RunAsync(
                source,
                TimeSpan.FromMinutes(6),
                "pack", Path.Combine(source, "src", "Core"), "-o", Feed, "-p:Version=" + Version, "-nodeReuse:false");
            exitCode.Should().Be(0, output);
            File.Exists(Path.Combine(Feed, $"GenAuth.Hexagonal.Core.{Version}.nupkg")).Should().BeTrue(output);
        }

        /// <summary>
        /// Copies what packing Core needs (the root build files, src/Core and src/Analyzers, without bin and obj) to
        /// <paramref name="target"/>.
        /// </summary>
        private static string CopySources(string repository, string target)
        {
            foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig", "README.md" })
            {
                var path = Path.Combine(repository, file);
                if (File.Exists(path))
                {
                    Directory.CreateDirectory(target);
                    File.Copy(path, Path.Combine(target, file));
                }
            }

            foreach (var folder in new[] { Path.Combine("src", "Core"), Path.Combine("src", "Analyzers") })
            {
                CopyFolder(Path.Combine(repository, folder), Path.Combine(target, folder));
            }

            return target;
        }

        private static void CopyFolder(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var file in Directory.GetFiles(from))
            {
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            }

            foreach (var folder in Directory.GetDirectories(from))
            {
                var name = Path.GetFileName(folder);
                if (name is not ("bin" or "obj"))
                {
                    CopyFolder(folder, Path.Combine(to, name));
                }
            }
        }

        public string CreateConsumer(string name, params (string FileName, string Content)[] extraFiles)
        {
            var directory = Path.Combine(_root, name);
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <RestorePackagesPath>{Path.Combine(_root, "packages")}</RestorePackagesPath>
                    <NuGetAudit>false</NuGetAudit>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="GenAuth.Hexagonal.Core" Version="[{Version}]" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(directory, "Apps.cs"), $$"""
                using GenAuth.Hexagonal;

                namespace Consumer;

                public static class Apps
                {
                    public static WechatAppCredentials Mini() => new("wx1234567890abcdef", "{{S}}");

                    public static WechatAppCredentials FromEnvironment() =>
                        new("wx1234567890abcdef", Environment.GetEnvironmentVariable("WECHAT__APPSECRET") ?? "<set WECHAT__APPSECRET>");
                }
                """);
            File.WriteAllText(Path.Combine(directory, "appsettings.json"), $$"""
                {
                  "Wechat": {
                    "Apps": { "mini": { "AppId": "wx1234567890abcdef", "AppSecret": "{{S}}" } }
                  },
                  "GenAuth": { "AccessKeySecret": "" }
                }
                """);
            foreach (var (fileName, content) in extraFiles)
            {
                File.WriteAllText(Path.Combine(directory, fileName), content);
            }

            return directory;
        }

        public Task DisposeAsync()
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder left behind does not fail the tests.
            }

            return Task.CompletedTask;
        }
    }
}
