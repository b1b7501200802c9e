using GenAuth.Hexagonal.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static GenAuth.Hexagonal.Analyzers.Tests.Infrastructure.AnalyzerTestFactory;

namespace GenAuth.Hexagonal.Analyzers.Tests;

/// <summary>GAH002: secrets in appsettings*.json passed as AdditionalFiles.</summary>
public sealed class AppSettingsSecretAnalyzerTests
{
    private const string S = TestSources.Secret;

    private static Task VerifyAsync(string fileName, string json, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        VerifyAsync(fileName, json, editorConfig: null, expected);

    private static async Task VerifyAsync(string fileName, string json, string? editorConfig, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
    {
        var test = Analyzer<AppSettingsSecretAnalyzer>("public class C { }", expected);
        test.TestState.AdditionalFiles.Add(("/0/" + fileName, json));
        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig + "\n"));
        }

        await test.RunAsync();
    }

    [Fact]
    public Task AppSettings_SecretsUnderLibraryKeys_ReportedWithConfigurationPath() =>
        VerifyAsync("appsettings.json", $$"""
            {
              "GenAuth": { "Host": "https://api.genauth.ai", "AccessKeyId": "5f1c2d3e4a5b6c7d8e9f0a1b", "AccessKeySecret": {|#0:"{{S}}"|} },
              "Wechat": {
                "Apps": {
                  "mini": { "AppId": "wx1234567890abcdef", "AppSecret": {|#1:"{{S}}"|} },
                  "official": { "AppId": "wx0fedcba987654321", "AppSecret": "" }
                }
              }
            }
            """,
            Gah002(0, "GenAuth:AccessKeySecret", "appsettings.json"),
            Gah002(1, "Wechat:Apps:mini:AppSecret", "appsettings.json"));

    [Fact]
    public Task EnvironmentFile_CommentsTrailingCommasAndEscapes_Reported() =>
        VerifyAsync("appsettings.Development.json", $$"""
            // Development settings
            {
              /* the mini program */
              "Wechat": { "Apps": { "mini": { "app_secret": {|#0:"9f3b8c1d2e4a\u00366f7081b2c3d4e5f6a7b8"|}, }, }, },
            }
            """,
            Gah002(0, "Wechat:Apps:mini:app_secret", "appsettings.Development.json"));

    [Theory]
    [InlineData("")]
    [InlineData("<your-app-secret>")]
    [InlineData("${WECHAT_APP_SECRET}")]
    [InlineData("{{app_secret}}")]
    [InlineData("changeme")]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    public Task AppSettings_PlaceholderValues_NotReported(string value) =>
        VerifyAsync("appsettings.json", $$"""{ "Wechat": { "AppSecret": "{{value}}", "AccessKeySecret": "{{value}}" } }""");

    [Fact]
    public Task AppSettings_SecretLookingValuesUnderOtherKeys_NotReported() =>
        VerifyAsync("appsettings.json", $$"""
            { "Wechat": { "AppId": "wx1234567890abcdef", "Etag": "{{S}}", "AppSecret": null, "Apps": [ "{{S}}" ], "AppSecretLength": 32 } }
            """);

    [Fact]
    public Task OtherJsonFiles_NotReported() =>
        VerifyAsync("secrets.json", $$"""{ "Wechat": { "AppSecret": "{{S}}" } }""");

    [Fact]
    public Task MalformedJson_ReportsWhatCameBeforeTheErrorAndDoesNotFail() =>
        VerifyAsync("appsettings.json", $$"""
            { "GenAuth": { "AccessKeySecret": {|#0:"{{S}}"|} }, "Wechat": { "AppSecret": "{{S}}
            """,
            Gah002(0, "GenAuth:AccessKeySecret", "appsettings.json"));

    [Fact]
    public Task EditorConfig_ExtraNamesAndPlaceholders_Applied() =>
        VerifyAsync(
            "appsettings.json",
            $$"""{ "Partner": { "PartnerKey": {|#0:"{{S}}"|} }, "Wechat": { "AppSecret": "dev-only-7Hq2ZrX9vLp4TnB8" } }""",
            "genauth_hexagonal.extra_secret_names = partner_key\ngenauth_hexagonal.extra_placeholder_patterns = ^dev-only-",
            Gah002(0, "Partner:PartnerKey", "appsettings.json"));

    [Fact]
    public async Task Message_NamesKeyAndFileAndNeverContainsValue()
    {
        var diagnostics = await AnalyzerRunner.RunAsync(
            [("/src/Program.cs", "public class C { }")],
            [("/src/appsettings.json", $$"""{ "Wechat": { "Apps": { "mini": { "AppSecret": "{{S}}" } } } }""")]);

        var diagnostic = diagnostics.Should().ContainSingle().Subject;
        diagnostic.Id.Should().Be(DiagnosticIds.HardcodedSecretInConfigurationFile);
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        message.Should().Contain("Wechat:Apps:mini:AppSecret").And.Contain("appsettings.json").And.NotContain(S);
        diagnostic.Location.GetLineSpan().Path.Should().Be("/src/appsettings.json");
        diagnostic.Location.GetLineSpan().StartLinePosition.Line.Should().Be(0);
        diagnostic.Descriptor.HelpLinkUri.Should().EndWith("#gah002-hard-coded-secret-in-appsettings");
    }
}
