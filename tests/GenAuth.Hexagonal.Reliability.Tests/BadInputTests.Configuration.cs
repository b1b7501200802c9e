using GenAuth.Hexagonal.Reliability.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Reliability.Tests;

/// <summary>Bad configuration: start-up validation names the key to fix, never echoes a secret; the fixed configuration then works.</summary>
public sealed partial class BadInputTests
{
    private const string Secret = TestSecrets.AccessKeySecret;

    // (key, bad value or null to remove it, text the message must contain)
    private static readonly Dictionary<string, (string Key, string? Value, string Expected)> ConfigurationCases = new()
    {
        ["GenAuth:AccessKeyId missing"] = ("GenAuth:AccessKeyId", null, "GenAuth:AccessKeyId"),
        ["GenAuth:AccessKeySecret missing"] = ("GenAuth:AccessKeySecret", null, "GenAuth:AccessKeySecret"),
        ["GenAuth:AccessKeySecret with trailing newline"] = ("GenAuth:AccessKeySecret", Secret + "\n", "GenAuth:AccessKeySecret"),
        ["GenAuth:AccessKeySecret non-ASCII"] = ("GenAuth:AccessKeySecret", Secret + "é", "GenAuth:AccessKeySecret"),
        ["GenAuth:Host not a URL"] = ("GenAuth:Host", "not a url", "GenAuth:Host"),
        ["GenAuth:Host ftp"] = ("GenAuth:Host", "ftp://127.0.0.1/", "GenAuth:Host"),
        ["GenAuth:Host plain http off loopback"] = ("GenAuth:Host", "http://example.com/", "GenAuth:Host"),
        ["GenAuth:Host with query"] = ("GenAuth:Host", "https://127.0.0.1/?key=" + Secret, "GenAuth:Host"),
        ["GenAuth:Host with password"] = ("GenAuth:Host", "https://user:" + Secret + "@127.0.0.1/", "GenAuth:Host"),
        ["GenAuth:Timeout negative"] = ("GenAuth:Timeout", "-00:00:01", "GenAuth:Timeout"),
        ["GenAuth:Timeout zero"] = ("GenAuth:Timeout", "00:00:00", "GenAuth:Timeout"),
        ["GenAuth:Timeout not a time"] = ("GenAuth:Timeout", "ten seconds", "GenAuth:Timeout"),
        ["GenAuth:TotalTimeout zero"] = ("GenAuth:TotalTimeout", "00:00:00", "GenAuth:TotalTimeout"),
        ["GenAuth:TotalTimeout below Timeout"] = ("GenAuth:TotalTimeout", "00:00:01", "GenAuth:TotalTimeout"),
        ["GenAuth:MaxRetryAttempts negative"] = ("GenAuth:MaxRetryAttempts", "-1", "GenAuth:MaxRetryAttempts"),
        ["GenAuth:MaxRetryAttempts too many"] = ("GenAuth:MaxRetryAttempts", "11", "GenAuth:MaxRetryAttempts"),
        ["GenAuth:RetryDelay negative"] = ("GenAuth:RetryDelay", "-00:00:01", "GenAuth:RetryDelay"),
        ["GenAuth:Endpoint unknown"] = ("GenAuth:Endpoint", "/api/v3/get-something-else", "GenAuth:Endpoint"),
        ["GenAuth:Lang unknown"] = ("GenAuth:Lang", "fr-FR", "GenAuth:Lang"),
        ["GenAuth:Brand unknown"] = ("GenAuth:Brand", "Nope", "GenAuth:Brand"),
        ["GenAuth:TenantId with space"] = ("GenAuth:TenantId", "tenant 1", "GenAuth:TenantId"),
        ["Wechat:Apps:mini:AppId missing"] = ("Wechat:Apps:mini:AppId", null, "Wechat:Apps:mini:AppId"),
        ["Wechat:Apps:mini:AppSecret missing"] = ("Wechat:Apps:mini:AppSecret", null, "Wechat:Apps:mini:AppSecret"),
        ["Wechat:Apps:mini:AppSecret with control character"] = ("Wechat:Apps:mini:AppSecret", TestSecrets.AppSecret + "\u0007", "Wechat:Apps:mini:AppSecret"),
        ["Wechat:Apps:mini:AppId non-ASCII"] = ("Wechat:Apps:mini:AppId", "wx小程序", "Wechat:Apps:mini:AppId"),
        ["Wechat:Caching:SizeLimit zero"] = ("Wechat:Caching:SizeLimit", "0", "Wechat:Caching:SizeLimit"),
        ["Wechat:Caching:MaxSafetyMargin above MaxRefreshAhead"] = ("Wechat:Caching:MaxSafetyMargin", "00:10:00", "Wechat:Caching:MaxSafetyMargin"),
        ["Wechat:Caching:RefreshRetryJitter above 1"] = ("Wechat:Caching:RefreshRetryJitter", "2", "Wechat:Caching:RefreshRetryJitter"),
        ["Wechat:Caching:RefreshRetryDelay negative"] = ("Wechat:Caching:RefreshRetryDelay", "-00:00:01", "Wechat:Caching:RefreshRetryDelay"),
    };

    public static TheoryData<string> ConfigurationCaseNames() => [.. ConfigurationCases.Keys];

    [Theory]
    [MemberData(nameof(ConfigurationCaseNames))]
    public async Task StartupValidation_BadConfiguration_NamesKeyWithoutSecretThenFixedConfigurationWorks(string name)
    {
        var (key, value, expected) = ConfigurationCases[name];
        var emulator = _fixture.CleanEmulator();
        var settings = GoodSettings(emulator);
        settings[key] = value;

        var act = () => Build(settings);

        var failure = act.Should().Throw<Exception>().Which;
        failure.Should().Match(e => e is OptionsValidationException || e is InvalidOperationException, "a typed start-up error");
        var message = failure is OptionsValidationException validation ? string.Join(" ", validation.Failures) : failure.Message;
        message.Should().Contain(expected);
        emulator.TotalRequestCount.Should().Be(0, "nothing is sent with a bad configuration");

        await using var stack = Build(GoodSettings(emulator));
        await AssertRecoversAsync(stack, failure, emulator);
    }

    [Fact]
    public async Task StartupValidation_NoSource_SaysWhatToCall()
    {
        var services = Stack.NewServices();
        services.AddWechatTokenProvider().AddCaching();
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("UseGenAuth");
        ReliabilityFigures.BadInputCase();
    }

    [Theory]
    [InlineData("Wechat:Host", "http://example.com/")]
    [InlineData("Wechat:Host", "ftp://127.0.0.1/")]
    [InlineData("Wechat:Timeout", "-00:00:01")]
    [InlineData("Wechat:TotalTimeout", "00:00:01")]
    public async Task StartupValidation_BadWechatSourceConfiguration_NamesKey(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Wechat:Apps:mini:AppId"] = TestSecrets.AppId,
            ["Wechat:Apps:mini:AppSecret"] = TestSecrets.AppSecret,
            [key] = value,
        }).Build();
        var services = Stack.NewServices();
        services.AddWechatTokenProvider(configuration.GetSection("Wechat")).UseWechat(configuration.GetSection("Wechat")).AddCaching();
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        var failure = act.Should().Throw<Exception>().Which;
        failure.Should().Match(e => e is OptionsValidationException || e is InvalidOperationException);
        failure.Message.Should().Contain(key);
        TestSecrets.AssertClean(failure.ToString());
        ReliabilityFigures.BadInputCase();
    }

    private static Dictionary<string, string?> GoodSettings(Testing.WechatTokenEmulator emulator) => new()
    {
        ["GenAuth:Host"] = emulator.BaseAddress.ToString(),
        ["GenAuth:AccessKeyId"] = TestSecrets.AccessKeyId,
        ["GenAuth:AccessKeySecret"] = TestSecrets.AccessKeySecret,
        ["GenAuth:MaxRetryAttempts"] = "0",
        ["Wechat:Apps:mini:AppId"] = TestSecrets.AppId,
        ["Wechat:Apps:mini:AppSecret"] = TestSecrets.AppSecret,
    };

    private static Stack Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Where(s => s.Value is not null)).Build();
        var services = Stack.NewServices();
        services.AddWechatTokenProvider(configuration.GetSection("Wechat"))
            .UseGenAuth(configuration.GetSection("GenAuth"))
            .AddCaching(configuration.GetSection("Wechat:Caching"));
        return Stack.Build(services);
    }
}
