using GenAuth.Hexagonal.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using static GenAuth.Hexagonal.Analyzers.Tests.Infrastructure.AnalyzerTestFactory;

namespace GenAuth.Hexagonal.Analyzers.Tests;

/// <summary>The GAH001 code fix: configuration read when an IConfiguration is in scope, else an environment variable; Fix All.</summary>
public sealed class HardcodedSecretCodeFixProviderTests
{
    private const string S = TestSources.Secret;

    private const string Usings = """
        using System;
        using GenAuth.Hexagonal;
        using Microsoft.Extensions.Configuration;

        """;

    [Fact]
    public Task ConfigurationParameterInScope_ReplacedWithConfigurationRead() =>
        CodeFix(
            Usings + $$"""
            public class C
            {
                public WechatAppCredentials Create(IConfiguration configuration) =>
                    new WechatAppCredentials("wx1234567890abcdef", {|#0:"{{S}}"|});
            }
            """,
            Usings + """
            public class C
            {
                public WechatAppCredentials Create(IConfiguration configuration) =>
                    new WechatAppCredentials("wx1234567890abcdef", configuration["Wechat:AppSecret"] ?? throw new InvalidOperationException("Configuration value 'Wechat:AppSecret' is missing. Set it in user secrets, an environment variable or a vault."));
            }
            """,
            Gah001(0, "WechatAppCredentials(appSecret)")).RunAsync();

    [Fact]
    public Task ConfigurationFieldAndBuilderProperty_ReplacedWithConfigurationReads() =>
        CodeFix(
            Usings + $$"""
            using GenAuth.Hexagonal.Adapters.GenAuth;
            public class C
            {
                private readonly IConfiguration _configuration = null!;
                public WechatAppOptions Options() => new WechatAppOptions { AppSecret = {|#0:"{{S}}"|} };
                public static GenAuthOptions Build(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) =>
                    new GenAuthOptions { AccessKeySecret = {|#1:"{{S}}"|} };
            }
            """,
            Usings + """
            using GenAuth.Hexagonal.Adapters.GenAuth;
            public class C
            {
                private readonly IConfiguration _configuration = null!;
                public WechatAppOptions Options() => new WechatAppOptions { AppSecret = _configuration["Wechat:AppSecret"] ?? throw new InvalidOperationException("Configuration value 'Wechat:AppSecret' is missing. Set it in user secrets, an environment variable or a vault.") };
                public static GenAuthOptions Build(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) =>
                    new GenAuthOptions { AccessKeySecret = builder.Configuration["GenAuth:AccessKeySecret"] ?? throw new InvalidOperationException("Configuration value 'GenAuth:AccessKeySecret' is missing. Set it in user secrets, an environment variable or a vault.") };
            }
            """,
            Gah001(0, "AppSecret"),
            Gah001(1, "AccessKeySecret")).RunAsync();

    [Fact]
    public Task NoConfigurationInScope_ReplacedWithEnvironmentVariableRead() =>
        CodeFix(
            $$"""
            using GenAuth.Hexagonal;
            public static class C
            {
                private static readonly string AppSecret = {|#0:"{{S}}"|};
                public static object Create() => new WechatAppCredentials("wx1234567890abcdef", AppSecret);
            }
            """,
            """
            using GenAuth.Hexagonal;
            public static class C
            {
                private static readonly string AppSecret = System.Environment.GetEnvironmentVariable("WECHAT__APPSECRET") ?? throw new System.InvalidOperationException("Environment variable 'WECHAT__APPSECRET' is not set.");
                public static object Create() => new WechatAppCredentials("wx1234567890abcdef", AppSecret);
            }
            """,
            Gah001(0, "AppSecret")).RunAsync();

    [Fact]
    public Task ConfigurationBuiltInCode_KeyBecomesEnvironmentVariable() =>
        CodeFix(
            $$"""
            using System.Collections.Generic;
            public static class C
            {
                public static Dictionary<string, string?> Values() => new() { ["Wechat:Apps:mini:AppSecret"] = {|#0:"{{S}}"|} };
            }
            """,
            """
            using System.Collections.Generic;
            public static class C
            {
                public static Dictionary<string, string?> Values() => new() { ["Wechat:Apps:mini:AppSecret"] = System.Environment.GetEnvironmentVariable("WECHAT__APPS__MINI__APPSECRET") ?? throw new System.InvalidOperationException("Environment variable 'WECHAT__APPS__MINI__APPSECRET' is not set.") };
            }
            """,
            Gah001(0, "Wechat:Apps:mini:AppSecret")).RunAsync();

    [Fact]
    public Task CoalesceFallbackAndConcatenation_WholeValueReplaced() =>
        CodeFix(
            Usings + $$"""
            public class C
            {
                public string M(IConfiguration configuration)
                {
                    var appSecret = Environment.GetEnvironmentVariable("X") ?? {|#0:"9f3b8c1d" + "2e4a6f7081b2c3d4e5f6a7b8"|};
                    return appSecret;
                }
            }
            """,
            Usings + """
            public class C
            {
                public string M(IConfiguration configuration)
                {
                    var appSecret = Environment.GetEnvironmentVariable("X") ?? configuration["Wechat:AppSecret"] ?? throw new InvalidOperationException("Configuration value 'Wechat:AppSecret' is missing. Set it in user secrets, an environment variable or a vault.");
                    return appSecret;
                }
            }
            """,
            Gah001(0, "appSecret")).RunAsync();

    [Fact]
    public Task AppIdToSecretMap_ReadsThatAppsSecretInTheLibrarysLayout() =>
        CodeFix(
            Usings + $$"""
            using System.Collections.Generic;
            public class C
            {
                public Dictionary<string, string> Secrets(IConfiguration configuration) => new() { ["wx7185cb5467053741"] = {|#0:"{{S}}"|} };
            }
            """,
            Usings + """
            using System.Collections.Generic;
            public class C
            {
                public Dictionary<string, string> Secrets(IConfiguration configuration) => new() { ["wx7185cb5467053741"] = configuration["Wechat:Apps:wx7185cb5467053741:AppSecret"] ?? throw new InvalidOperationException("Configuration value 'Wechat:Apps:wx7185cb5467053741:AppSecret' is missing. Set it in user secrets, an environment variable or a vault.") };
            }
            """,
            Gah001(0, "Secrets[\"wx7185cb5467053741\"]")).RunAsync();

    [Fact]
    public Task SecretInsideUrl_NoFixOffered_WarningStays()
    {
        var source = """
            public static class C
            {
                public const string TokenUrl = {|#0:"https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wx7185cb5467053741&secret=9f3b8c1d2e4a6f7081b2c3d4e5f6a7b8"|};
            }
            """;
        return CodeFix(source, source, Gah001(0, "secret=")).RunAsync();
    }

    [Fact]
    public async Task FixAll_EveryOccurrenceInDocumentReplaced()
    {
        var test = CodeFix(
            Usings + $$"""
            using GenAuth.Hexagonal.Adapters.GenAuth;
            public class C
            {
                public object[] M(IConfiguration configuration) => new object[]
                {
                    new WechatAppCredentials("wx1234567890abcdef", {|#0:"{{S}}"|}),
                    new WechatAppOptions { AppSecret = {|#1:"{{S}}"|} },
                    new GenAuthOptions { AccessKeySecret = {|#2:"{{S}}"|} },
                };
            }
            """,
            Usings + """
            using GenAuth.Hexagonal.Adapters.GenAuth;
            public class C
            {
                public object[] M(IConfiguration configuration) => new object[]
                {
                    new WechatAppCredentials("wx1234567890abcdef", configuration["Wechat:AppSecret"] ?? throw new InvalidOperationException("Configuration value 'Wechat:AppSecret' is missing. Set it in user secrets, an environment variable or a vault.")),
                    new WechatAppOptions { AppSecret = configuration["Wechat:AppSecret"] ?? throw new InvalidOperationException("Configuration value 'Wechat:AppSecret' is missing. Set it in user secrets, an environment variable or a vault.") },
                    new GenAuthOptions { AccessKeySecret = configuration["GenAuth:AccessKeySecret"] ?? throw new InvalidOperationException("Configuration value 'GenAuth:AccessKeySecret' is missing. Set it in user secrets, an environment variable or a vault.") },
                };
            }
            """,
            Gah001(0, "WechatAppCredentials(appSecret)"),
            Gah001(1, "AppSecret"),
            Gah001(2, "AccessKeySecret"));
        test.NumberOfFixAllIterations = 1;
        test.NumberOfFixAllInDocumentIterations = 1;
        test.CodeFixTestBehaviors = CodeFixTestBehaviors.SkipFixAllInProjectCheck | CodeFixTestBehaviors.SkipFixAllInSolutionCheck;
        await test.RunAsync();
    }

    [Fact]
    public async Task FixAll_InSolution_AcrossDocuments()
    {
        var test = CodeFix(
            $$"""public static class A { public static string AppSecret { get; } = {|#0:"{{S}}"|}; }""",
            """public static class A { public static string AppSecret { get; } = System.Environment.GetEnvironmentVariable("WECHAT__APPSECRET") ?? throw new System.InvalidOperationException("Environment variable 'WECHAT__APPSECRET' is not set."); }""",
            Gah001(0, "AppSecret"),
            Gah001(1, "AccessKeySecret"));
        test.TestState.Sources.Add(("/0/B.cs", $$"""public static class B { public static string AccessKeySecret { get; } = {|#1:"{{S}}"|}; }"""));
        test.FixedState.Sources.Add(("/0/B.cs", """public static class B { public static string AccessKeySecret { get; } = System.Environment.GetEnvironmentVariable("GENAUTH__ACCESSKEYSECRET") ?? throw new System.InvalidOperationException("Environment variable 'GENAUTH__ACCESSKEYSECRET' is not set."); }"""));
        test.NumberOfFixAllIterations = 1;
        test.CodeFixTestBehaviors = CodeFixTestBehaviors.SkipFixAllInDocumentCheck;
        await test.RunAsync();
    }

    [Theory]
    [InlineData("""public class C { private const string AppSecret = {|#0:"9f3b8c1d2e4a6f7081b2c3d4e5f6a7b8"|}; }""", "AppSecret")]
    [InlineData("""public class C { public void Connect(string appSecret = {|#0:"9f3b8c1d2e4a6f7081b2c3d4e5f6a7b8"|}) { } }""", "appSecret")]
    [InlineData("""
        [System.AttributeUsage(System.AttributeTargets.All)]
        public sealed class AppAttribute : System.Attribute { public string? AppSecret { get; set; } }
        [App(AppSecret = {|#0:"9f3b8c1d2e4a6f7081b2c3d4e5f6a7b8"|})] public class C { }
        """, "AppSecret")]
    [InlineData("""public class C { public int M() { System.ReadOnlySpan<byte> appSecret = {|#0:"9f3b8c1d2e4a6f7081b2c3d4e5f6a7b8"u8|}; return appSecret.Length; } }""", "appSecret")]
    public Task ConstAttributeParameterDefaultOrUtf8_NoFixOffered_WarningStays(string source, string member) =>
        CodeFix(source, source, Gah001(0, member)).RunAsync();
}
