using static GenAuth.Hexagonal.Analyzers.Tests.Infrastructure.AnalyzerTestFactory;

namespace GenAuth.Hexagonal.Analyzers.Tests;

/// <summary>
/// GAH001 honours .editorconfig: severity, extra secret names, extra placeholder patterns. (Raising the severity to
/// error is shown by the package test, where the real compiler applies it; the test harness reports analyzer severities.)
/// </summary>
public sealed partial class HardcodedSecretAnalyzerTests
{
    private static string EditorConfig(string properties) => $"""
        root = true

        [*.cs]
        {properties}
        """;

    [Fact]
    public async Task EditorConfig_SeverityNone_NotReported()
    {
        var test = Analyzer<HardcodedSecretAnalyzer>(InClass($$"""public string AppSecret { get; } = "{{S}}";"""));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig("dotnet_diagnostic.GAH001.severity = none")));
        await test.RunAsync();
    }

    [Fact]
    public Task ExtraSecretNames_NotConfigured_NotReported() =>
        VerifyAsync(InClass($$"""
            void Connect(string partnerKey, string clientSecret) { }
            void M() { var partnerKey = "{{S}}"; Connect(partnerKey, "{{S}}"); }
            """));

    [Fact]
    public async Task ExtraSecretNames_Configured_ReportedForThoseNames()
    {
        var test = Analyzer<HardcodedSecretAnalyzer>(
            InClass($$"""
                void Connect(string partnerKey, string clientSecret) { }
                void M() { var partner_key = {|#0:"{{S}}"|}; Connect(partner_key, {|#1:"{{S}}"|}); }
                """),
            Gah001(0, "partner_key"),
            Gah001(1, "Connect(clientSecret)"));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig("genauth_hexagonal.extra_secret_names = PartnerKey, client_secret")));
        await test.RunAsync();
    }

    [Fact]
    public Task ExtraPlaceholderPatterns_NotConfigured_Reported() =>
        VerifyAsync(
            InClass("""public string AppSecret { get; } = {|#0:"dev-only-7Hq2ZrX9vLp4TnB8"|};"""),
            Gah001(0, "AppSecret"));

    [Fact]
    public async Task ExtraPlaceholderPatterns_Configured_MatchingValuesNotReported()
    {
        var test = Analyzer<HardcodedSecretAnalyzer>(
            InClass($$"""
                public string AppSecret { get; } = "dev-only-7Hq2ZrX9vLp4TnB8";
                public string AccessKeySecret { get; } = "LOCAL.7Hq2ZrX9vLp4TnB8";
                public string WechatAppSecret { get; } = {|#0:"{{S}}"|};
                """),
            Gah001(0, "WechatAppSecret"));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig("genauth_hexagonal.extra_placeholder_patterns = ^dev-only- ^local\\. (invalid[")));
        await test.RunAsync();
    }

    [Fact]
    public async Task GlobalConfig_ExtraSecretNames_Applied()
    {
        var test = Analyzer<HardcodedSecretAnalyzer>(
            InClass($$"""public string PartnerKey { get; } = {|#0:"{{S}}"|};"""),
            Gah001(0, "PartnerKey"));
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\ngenauth_hexagonal.extra_secret_names = partner_key\n"));
        await test.RunAsync();
    }
}
