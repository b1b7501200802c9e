using static GenAuth.Hexagonal.Analyzers.Tests.Infrastructure.AnalyzerTestFactory;

namespace GenAuth.Hexagonal.Analyzers.Tests;

/// <summary>GAH001 stays silent on values that are not hard-coded secrets.</summary>
public sealed partial class HardcodedSecretAnalyzerTests
{
    [Fact]
    public Task ValuesReadFromConfigurationOrEnvironment_NotReported() =>
        VerifyAsync(InClass("""
            object M(IConfiguration configuration) => new object[]
            {
                new WechatAppCredentials("wx1234567890abcdef", configuration["Wechat:Apps:mini:AppSecret"]!),
                new WechatAppOptions { AppSecret = Environment.GetEnvironmentVariable("WECHAT__APPSECRET") },
                new GenAuthOptions { AccessKeySecret = configuration["GenAuth:AccessKeySecret"] ?? throw new InvalidOperationException("GenAuth:AccessKeySecret is missing") },
            };
            """));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\\t")]
    [InlineData("<your-app-secret>")]
    [InlineData("<APP_SECRET>")]
    [InlineData("${WECHAT_APP_SECRET}")]
    [InlineData("{{app_secret}}")]
    [InlineData("your-app-secret")]
    [InlineData("YOUR_ACCESS_KEY_SECRET_HERE")]
    [InlineData("changeme")]
    [InlineData("change-me-please")]
    [InlineData("xxxxxxxxxxxxxxxx")]
    [InlineData("xxx-app-secret-xxx")]
    [InlineData("XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("********************************")]
    [InlineData("0000-0000-0000-0000")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789ABCDEF")]
    [InlineData("abcdefghijklmnopqrstuvwxyz")]
    [InlineData("123456789")]
    [InlineData("s3cr3t")]
    [InlineData("example-access-key-secret")]
    [InlineData("emulator-app-secret-not-real-0001")]
    [InlineData("fake-app-secret-for-tests-0001")]
    [InlineData("dummy-access-key-secret")]
    [InlineData("put the app secret here")]
    [InlineData("wx1234567890abcdef")]
    [InlineData("https://vault.example/secret/wechat")]
    public Task EmptyWhitespaceShortOrPlaceholderValues_NotReported(string value) =>
        VerifyAsync(InClass($$"""
            void M(WechatAppOptions options)
            {
                var appSecret = "{{value}}";
                options.AppSecret = "{{value}}";
                _ = new WechatAppCredentials("wx1234567890abcdef", "{{value}}");
                _ = appSecret;
            }
            """));

    [Fact]
    public Task Nameof_NotReported() =>
        VerifyAsync(InClass("""
            void M(WechatAppOptions options)
            {
                var appSecret = nameof(WechatAppOptions.AppSecret);
                options.AppSecret = nameof(options.AppSecret) + "Value";
                _ = appSecret;
            }
            """));

    [Fact]
    public Task ConfigurationKeyNamesThemselves_NotReported() =>
        VerifyAsync(InClass("""
            public const string AppSecret = "Wechat:Apps:mini:AppSecret";
            private const string AccessKeySecretKey = "GenAuth:AccessKeySecret";
            private static readonly string EnvironmentAppSecret = "WECHAT__APPS__MINI__APPSECRET";
            string? M(IConfiguration configuration)
            {
                var appSecret = "APP_SECRET";
                return configuration["Wechat:AppSecret"] ?? configuration[AccessKeySecretKey] ?? appSecret + EnvironmentAppSecret;
            }
            """));

    [Fact]
    public Task AppIdsGuidsAndHashesUnderOrdinaryNames_NotReported() =>
        VerifyAsync(InClass("""
            private const string DefaultAppId = "wx1234567890abcdef";
            private const string RequestId = "934108e5-4c1a-4b7e-9d2f-0a1b2c3d4e5f";
            public string AccessKeyId { get; } = "5f1c2d3e4a5b6c7d8e9f0a1b";
            object M(IConfiguration configuration)
            {
                var sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
                var etag = "9f3b8c1d2e4a6f7081b2c3d4e5f6a7b8";
                var tenantId = Guid.Parse("1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
                return new WechatAppCredentials(DefaultAppId, configuration["Wechat:AppSecret"]!) is { } c
                    ? (c, sha256, etag, tenantId, RequestId)
                    : null!;
            }
            """));

    [Fact]
    public Task SecretLookingValueReachingOrdinarySinks_NotReported() =>
        VerifyAsync(InClass($$"""
            private const string Etag = "{{S}}";
            void M(Dictionary<string, string> headers, WechatAppOptions options)
            {
                headers["If-None-Match"] = Etag;
                headers.Add("X-Request-Id", "{{S}}");
                options.AppId = Etag;
                Console.WriteLine(Etag);
                _ = new WechatAppCredentials(Etag, Environment.GetEnvironmentVariable("S")!);
                if (options.AppSecret == "{{S}}") { }
            }
            """));

    [Fact]
    public async Task GeneratedCode_NotReported()
    {
        var source = $$"""
            // <auto-generated/>
            public class Generated { public string AppSecret { get; } = "{{S}}"; }
            """;
        var test = Analyzer<HardcodedSecretAnalyzer>(InClass(""));
        test.TestState.Sources.Add(("/0/Generated.cs", source));
        test.TestState.Sources.Add(("/0/Settings.g.cs", $$"""public class G { private const string AppSecret = "{{S}}"; }"""));
        await test.RunAsync();
    }
}
