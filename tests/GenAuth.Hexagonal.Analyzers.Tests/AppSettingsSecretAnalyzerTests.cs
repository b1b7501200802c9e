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

    /// <summary>Shape, appsettings.json with the secret marked <c>{|#0:...|}</c>, the configuration path the message names.</summary>
    public static TheoryData<string, string, string> RealWorldSecrets => new()
    {
        {
            "Senparc WeixinCorpSecret", """
            { "SenparcWeixinSetting": { "IsDebug": true, "WeixinCorpId": "wwf4c99a53330cf94a", "WeixinCorpSecret": {|#0:"4YRsAqofu82PEMtzUyOH1hWML8x0FgLc6MR9bAbSIZ5"|} } }
            """, "SenparcWeixinSetting:WeixinCorpSecret"
        },
        {
            "Senparc Component_Secret", """
            { "SenparcWeixinSetting": { "Component_Appid": "wx7185cb5467053741", "Component_Secret": {|#0:"70cc7d5b13b4b453b1711235193a6123"|} } }
            """, "SenparcWeixinSetting:Component_Secret"
        },
        {
            "CorpSecret under Work", """
            { "Work": { "CorpId": "wwf701a71970b33804", "AgentId": 1000002, "CorpSecret": {|#0:"WEQw2VLHav9Iw3ADAxrpN5gBUWx7ULWb695aiwcgwYu"|} } }
            """, "Work:CorpSecret"
        },
        {
            "CorpSecret under any section", """
            { "Notifications": { "CorpSecret": {|#0:"uoC4XBNejlQLaO-7K4lj81qyGtLzbmfemHF3tnXhbV1"|} } }
            """, "Notifications:CorpSecret"
        },
        {
            "Secret under Wechat", """
            { "Wechat": { "AppId": "wx68e4dbf6b7b1fd22", "Secret": {|#0:"ed9e3cce2675cadf8393a5d0a598ccc3"|}, "Token": "weixin2024callbackToken" } }
            """, "Wechat:Secret"
        },
        {
            "Secret under WxOpen", """
            { "WxOpen": { "Secret": {|#0:"d19c220effc9f6a92957e26ffb08819d"|} } }
            """, "WxOpen:Secret"
        },
        {
            "Secret beside a WeChat app id, the id written after it", """
            { "Mp": { "Secret": {|#0:"c5a6cd5298a843859e83f9b19b7f4a6f"|}, "AppId": "wxa0c9eab6fcae76c6" } }
            """, "Mp:Secret"
        },
        {
            "Secret of an app in a list under Weixin", """
            { "Weixin": { "Items": [ { "AppId": "wx83e0afe3d8c0e02a", "Secret": {|#0:"c44db36f930db8caf8d0af8fde1def3b"|} } ] } }
            """, "Weixin:Items:0:Secret"
        },
        {
            "misspelled AppSercet", """
            { "Official": { "AppSercet": {|#0:"8f3e3c12e5baff3ebe9f1d903719d2b6"|} } }
            """, "Official:AppSercet"
        },
    };

    /// <summary>Shape and appsettings.json: placeholders, names, and secrets that are not WeChat's.</summary>
    public static TheoryData<string, string> RealWorldClean => new()
    {
        {
            "Senparc sample with #{Name}# token replacement", """
            { "SenparcWeixinSetting": { "Token": "#{Token}#", "EncodingAESKey": "#{EncodingAESKey}#", "WeixinAppId": "#{WeixinAppId}#",
              "WeixinAppSecret": "#{WeixinAppSecret}#", "WeixinCorpSecret": "#{WeixinCorpSecret}", "Component_Secret": "#{Component_Secret}#" } }
            """
        },
        {
            "Chinese placeholders", """
            { "Wechat": { "AppId": "你的AppId", "Secret": "你的AppSecret", "CorpSecret": "填写企业微信应用的Secret" } }
            """
        },
        {
            "$(Name), %NAME% and YourSecret", """
            { "Wechat": { "Secret": "$(WechatSecret)" }, "WeCom": { "CorpSecret": "%WECOM_CORP_SECRET%" }, "WxOpen": { "Secret": "YourSecret" } }
            """
        },
        {
            "value equal to its key name", """
            { "Work": { "CorpSecret": "CorpSecret", "Secret": "Secret" }, "Wechat": { "WeixinAppSecret": "WeixinAppSecret" } }
            """
        },
        {
            "EncodingAESKey, callback Token, app id and template id", """
            { "Wechat": { "AppId": "wx7185cb5467053741", "Token": "weixin2024callbackToken", "EncodingAESKey": "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
              "TemplateId": "Kd2kW0xNoTe8Pq3vLzR7sYb1Hc9mJfA4uGx6iE5wQtB", "CorpId": "wwe866f7b53ac6105b" } }
            """
        },
        {
            "a JWT Secret, nowhere near WeChat", """
            { "Jwt": { "Issuer": "shop", "Secret": "p7Hq2ZrX9vLp4TnB8sWd3Kc6Jm1Gf5Ye" } }
            """
        },
        {
            "the pay key, which is not the app secret", """
            { "SenparcWeixinSetting": { "TenPayV3_MchId": "1900000109", "TenPayV3_Key": "8934e7d15453e97507ef794cf7b0519d" } }
            """
        },
    };

    [Theory]
    [MemberData(nameof(RealWorldSecrets))]
    public Task RealWorldShape_HardCodedSecret_Reported(string shape, string json, string path)
    {
        _ = shape;
        return VerifyAsync("appsettings.json", json, Gah002(0, path, "appsettings.json"));
    }

    [Theory]
    [MemberData(nameof(RealWorldClean))]
    public Task RealWorldShape_NoSecret_NotReported(string shape, string json)
    {
        _ = shape;
        return VerifyAsync("appsettings.json", json);
    }

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
