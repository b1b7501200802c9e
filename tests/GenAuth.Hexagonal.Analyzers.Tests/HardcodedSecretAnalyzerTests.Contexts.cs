using GenAuth.Hexagonal.Analyzers.Tests.Infrastructure;
using static GenAuth.Hexagonal.Analyzers.Tests.Infrastructure.AnalyzerTestFactory;

namespace GenAuth.Hexagonal.Analyzers.Tests;

/// <summary>GAH001 fires in every context a hard-coded secret can reach a secret sink.</summary>
public sealed partial class HardcodedSecretAnalyzerTests
{
    private const string S = TestSources.Secret;

    private static string InClass(string members) => $$"""
        #nullable enable
        using System;
        using System.Collections.Generic;
        using GenAuth.Hexagonal;
        using GenAuth.Hexagonal.Adapters.GenAuth;
        using GenAuth.Hexagonal.Adapters.Wechat;
        using Microsoft.Extensions.Configuration;

        public class C
        {
        {{members}}
        }
        """;

    [Theory]
    [InlineData("appSecret")]
    [InlineData("AppSecret")]
    [InlineData("app_secret")]
    [InlineData("APP_SECRET")]
    [InlineData("WechatAppSecret")]
    [InlineData("wechat_app_secret")]
    [InlineData("AccessKeySecret")]
    [InlineData("accessKeySecret")]
    [InlineData("ACCESS_KEY_SECRET")]
    [InlineData("_appSecret")]
    public Task LocalDeclaration_SecretNameInAnyCaseOrSeparator_Reported(string name) =>
        VerifyAsync(InClass($$"""void M() { var {{name}} = {|#0:"{{S}}"|}; _ = {{name}}; }"""), Gah001(0, name));

    [Fact]
    public Task FieldDeclaration_SecretName_Reported() =>
        VerifyAsync(InClass($$"""private readonly string _appSecret = {|#0:"{{S}}"|};"""), Gah001(0, "_appSecret"));

    [Fact]
    public Task StaticReadonlyField_SecretName_Reported() =>
        VerifyAsync(InClass($$"""private static readonly string DefaultAccessKeySecret = {|#0:"{{S}}"|};"""), Gah001(0, "DefaultAccessKeySecret"));

    [Fact]
    public Task ConstField_SecretName_Reported() =>
        VerifyAsync(InClass($$"""private const string AppSecret = {|#0:"{{S}}"|};"""), Gah001(0, "AppSecret"));

    [Fact]
    public Task PropertyInitializer_SecretName_Reported() =>
        VerifyAsync(InClass($$"""public string AppSecret { get; set; } = {|#0:"{{S}}"|};"""), Gah001(0, "AppSecret"));

    [Fact]
    public Task Assignment_ToLocalAndThroughMemberAccess_Reported() =>
        VerifyAsync(
            InClass($$"""
                void M(WechatAppOptions options)
                {
                    string appSecret;
                    appSecret = {|#0:"{{S}}"|};
                    options.AppSecret = {|#1:"{{S}}"|};
                    _ = appSecret;
                }
                """),
            Gah001(0, "appSecret"),
            Gah001(1, "AppSecret"));

    [Fact]
    public Task Assignment_InObjectInitializerOfNestedMemberAndCoalescingAssignment_Reported() =>
        VerifyAsync(
            InClass($$"""
                private WechatAppOptions _options = new();
                void M(WechatAppOptions other)
                {
                    this._options.AppSecret = {|#0:"{{S}}"|};
                    other.AppSecret ??= {|#1:"{{S}}"|};
                }
                """),
            Gah001(0, "AppSecret"),
            Gah001(1, "AppSecret"));

    [Fact]
    public Task ObjectInitializer_LibraryOptions_Reported() =>
        VerifyAsync(
            InClass($$"""
                object M() => new object[]
                {
                    new WechatAppOptions { AppId = "wx1234567890abcdef", AppSecret = {|#0:"{{S}}"|} },
                    new GenAuthOptions { AccessKeyId = "5f1c2d3e4a5b6c7d8e9f0a1b", AccessKeySecret = {|#1:"{{S}}"|} },
                    new WechatApiOptions { AppSecret = {|#2:"{{S}}"|} },
                };
                """),
            Gah001(0, "AppSecret"),
            Gah001(1, "AccessKeySecret"),
            Gah001(2, "AppSecret"));

    [Fact]
    public Task AnonymousInitializer_SecretMember_Reported() =>
        VerifyAsync(InClass($$"""object M() => new { AppId = "wx1234567890abcdef", AppSecret = {|#0:"{{S}}"|} };"""), Gah001(0, "AppSecret"));

    [Fact]
    public Task NamedArgument_LibraryConstructor_Reported() =>
        VerifyAsync(
            InClass($$"""object M() => new WechatAppCredentials(appId: "wx1234567890abcdef", appSecret: {|#0:"{{S}}"|});"""),
            Gah001(0, "appSecret"));

    [Fact]
    public Task PositionalArgument_LibraryConstructor_ReportedWithConstructorAndParameter() =>
        VerifyAsync(
            InClass($$"""object M() => new WechatAppCredentials("wx1234567890abcdef", {|#0:"{{S}}"|});"""),
            Gah001(0, "WechatAppCredentials(appSecret)"));

    [Fact]
    public Task PositionalArgument_TargetTypedNew_Reported() =>
        VerifyAsync(
            InClass($$"""WechatAppCredentials M() => new("wx1234567890abcdef", {|#0:"{{S}}"|});"""),
            Gah001(0, "WechatAppCredentials(appSecret)"));

    [Fact]
    public Task PositionalArgument_UserMethodWithSecretParameter_Reported() =>
        VerifyAsync(
            InClass($$"""
                static void Configure(string accessKeyId, string accessKeySecret) { }
                void M() => Configure("5f1c2d3e4a5b6c7d8e9f0a1b", {|#0:"{{S}}"|});
                """),
            Gah001(0, "Configure(accessKeySecret)"));

    [Fact]
    public Task PositionalArgument_BaseConstructorInitializer_Reported() =>
        VerifyAsync(
            $$"""
            public class Base { protected Base(string appId, string appSecret) { } }
            public class Derived : Base { public Derived() : base("wx1234567890abcdef", {|#0:"{{S}}"|}) { } }
            """,
            Gah001(0, "Base(appSecret)"));

    [Fact]
    public Task ExpressionBodiedMembers_SecretNames_Reported() =>
        VerifyAsync(
            InClass($$"""
                public string AppSecret => {|#0:"{{S}}"|};
                public string AccessKeySecret { get => {|#1:"{{S}}"|}; }
                private static string GetAppSecret() => {|#2:"{{S}}"|};
                """),
            Gah001(0, "AppSecret"),
            Gah001(1, "AccessKeySecret"),
            Gah001(2, "GetAppSecret"));

    [Fact]
    public Task ReturnStatement_InGetterOfSecretProperty_Reported() =>
        VerifyAsync(InClass($$"""public string AppSecret { get { return {|#0:"{{S}}"|}; } }"""), Gah001(0, "AppSecret"));

    [Fact]
    public Task CoalesceFallback_AfterConfigurationOrEnvironmentRead_Reported() =>
        VerifyAsync(
            InClass($$"""
                void M(IConfiguration configuration, WechatAppOptions options)
                {
                    var appSecret = configuration["Wechat:AppSecret"] ?? {|#0:"{{S}}"|};
                    options.AppSecret = Environment.GetEnvironmentVariable("WECHAT__APPSECRET") ?? {|#1:"{{S}}"|};
                    _ = new WechatAppCredentials("wx1234567890abcdef", configuration["x"] ?? {|#2:"{{S}}"|});
                    _ = appSecret;
                }
                """),
            Gah001(0, "appSecret"),
            Gah001(1, "AppSecret"),
            Gah001(2, "WechatAppCredentials(appSecret)"));

    [Fact]
    public Task ConditionalAndSwitchBranches_Reported() =>
        VerifyAsync(
            InClass($$"""
                void M(bool production, int mode)
                {
                    var appSecret = production ? Environment.GetEnvironmentVariable("S") : {|#0:"{{S}}"|};
                    var accessKeySecret = mode switch { 1 => {|#1:"{{S}}"|}, _ => "" };
                    _ = appSecret + accessKeySecret;
                }
                """),
            Gah001(0, "appSecret"),
            Gah001(1, "accessKeySecret"));

    [Fact]
    public Task ParameterDefault_SecretParameter_Reported() =>
        VerifyAsync(InClass($$"""void Connect(string appId, string appSecret = {|#0:"{{S}}"|}) { }"""), Gah001(0, "appSecret"));

    [Fact]
    public Task AttributeArguments_NamedAndPositional_Reported() =>
        VerifyAsync(
            $$"""
            using System;
            [AttributeUsage(AttributeTargets.All, AllowMultiple = true)]
            public sealed class WechatAppAttribute : Attribute
            {
                public WechatAppAttribute() { }
                public WechatAppAttribute(string appId, string appSecret) { }
                public string? AppSecret { get; set; }
            }

            [WechatApp(AppSecret = {|#0:"{{S}}"|})]
            [WechatApp("wx1234567890abcdef", {|#1:"{{S}}"|})]
            [WechatApp(appId: "wx1234567890abcdef", appSecret: {|#2:"{{S}}"|})]
            public class C { }
            """,
            Gah001(0, "AppSecret"),
            Gah001(1, "WechatAppAttribute(appSecret)"),
            Gah001(2, "appSecret"));

    [Fact]
    public Task ConstField_UsedLaterAtSink_ReportedAtUse() =>
        VerifyAsync(
            $$"""
            using GenAuth.Hexagonal;
            internal static class Keys { public const string Mini = "{{S}}"; }
            public class C
            {
                private const string Value = "{{S}}";
                object A() => new WechatAppCredentials("wx1234567890abcdef", {|#0:Value|});
                object B() => new WechatAppOptions { AppSecret = {|#1:Keys.Mini|} };
            }
            """,
            Gah001(0, "WechatAppCredentials(appSecret)"),
            Gah001(1, "AppSecret"));

    [Fact]
    public Task ConstantConcatenation_SecretName_ReportedOnce() =>
        VerifyAsync(
            InClass($$"""
                private const string Prefix = "9f3b8c1d";
                void M()
                {
                    var appSecret = {|#0:"9f3b8c1d2e4a" + "6f7081b2c3d4e5f6a7b8"|};
                    var accessKeySecret = {|#1:Prefix + "2e4a6f7081b2c3d4e5f6a7b8"|};
                    _ = appSecret + accessKeySecret;
                }
                """),
            Gah001(0, "appSecret"),
            Gah001(1, "accessKeySecret"));

    [Fact]
    public Task ConstantInterpolation_SecretName_Reported() =>
        VerifyAsync(
            InClass($$$"""
                private const string Prefix = "9f3b8c1d";
                void M()
                {
                    const string appSecret = {|#0:$"{Prefix}2e4a6f7081b2c3d4e5f6a7b8"|};
                    var wechatAppSecret = {|#1:$"{{{S}}}"|};
                    _ = appSecret + wechatAppSecret;
                }
                """),
            Gah001(0, "appSecret"),
            Gah001(1, "wechatAppSecret"));

    [Fact]
    public Task VerbatimRawAndUtf8Literals_Reported() =>
        VerifyAsync(
            InClass($$""""
                void M()
                {
                    var appSecret = {|#0:@"{{S}}"|};
                    var accessKeySecret = {|#1:"""{{S}}"""|};
                    ReadOnlySpan<byte> wechatAppSecret = {|#2:"{{S}}"u8|};
                    _ = appSecret + accessKeySecret + wechatAppSecret.Length;
                }
                """"),
            Gah001(0, "appSecret"),
            Gah001(1, "accessKeySecret"),
            Gah001(2, "wechatAppSecret"));

    [Fact]
    public Task ConfigurationBuiltInCode_IndexerAndDictionaryAndPairs_ReportedWithKey() =>
        VerifyAsync(
            InClass($$"""
                void M(IConfiguration configuration, ConfigurationManager manager)
                {
                    configuration["Wechat:AppSecret"] = {|#0:"{{S}}"|};
                    var values = new Dictionary<string, string?>
                    {
                        ["Wechat:Apps:mini:AppId"] = "wx1234567890abcdef",
                        ["Wechat:Apps:mini:AppSecret"] = {|#1:"{{S}}"|},
                    };
                    manager.AddInMemoryCollection(values);
                    manager.AddInMemoryCollection(new Dictionary<string, string?>
                    {
                        { "GenAuth:AccessKeySecret", {|#2:"{{S}}"|} },
                    });
                    manager.AddInMemoryCollection(new[]
                    {
                        new KeyValuePair<string, string?>("Wechat:Apps:official:AppSecret", {|#3:"{{S}}"|}),
                        KeyValuePair.Create<string, string?>("GenAuth__AccessKeySecret", {|#4:"{{S}}"|}),
                    });
                    values.Add("Wechat:AppSecret", {|#5:"{{S}}"|});
                    Environment.SetEnvironmentVariable("WECHAT__APPSECRET", {|#6:"{{S}}"|});
                    var tuple = ("GenAuth:AccessKeySecret", {|#7:"{{S}}"|});
                    _ = tuple;
                }
                """),
            Gah001(0, "Wechat:AppSecret"),
            Gah001(1, "Wechat:Apps:mini:AppSecret"),
            Gah001(2, "GenAuth:AccessKeySecret"),
            Gah001(3, "Wechat:Apps:official:AppSecret"),
            Gah001(4, "GenAuth__AccessKeySecret"),
            Gah001(5, "Wechat:AppSecret"),
            Gah001(6, "WECHAT__APPSECRET"),
            Gah001(7, "GenAuth:AccessKeySecret"));

    [Fact]
    public async Task Message_NamesMemberAndNeverContainsValue()
    {
        var test = Analyzer<HardcodedSecretAnalyzer>(
            InClass($$"""object M() => new WechatAppCredentials("wx1234567890abcdef", {|#0:"{{S}}"|});"""),
            Gah001(0, "WechatAppCredentials(appSecret)"));
        await test.RunAsync();

        var descriptor = new HardcodedSecretAnalyzer().SupportedDiagnostics.Single();
        var message = string.Format(System.Globalization.CultureInfo.InvariantCulture, descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), "WechatAppCredentials(appSecret)");
        message.Should().Contain("WechatAppCredentials(appSecret)").And.NotContain(S);
        descriptor.HelpLinkUri.Should().Be("https://github.com/genauth-hexagonal/GenAuth.Hexagonal#gah001-hard-coded-secret-in-code");
    }
}
