using GenAuth.Hexagonal.DependencyInjection.Tests.Support;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.DependencyInjection.Tests;

/// <summary>Secrets rotated without a restart: reloads are followed, invalid reloads are ignored and logged.</summary>
public class ConfigurationReloadTests
{
    private const string RotatedSecret = "fake-app-secret-for-tests-rotated-0002";

    [Fact]
    public async Task AppSecretRotated_NextFetchUsesTheNewSecretWithoutRestart()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        var source = new ReloadableConfiguration(new Dictionary<string, string?>
        {
            ["GenAuth:Host"] = emulator.BaseAddress.ToString(),
            ["GenAuth:AccessKeyId"] = WechatTokenEmulator.DefaultAccessKeyId,
            ["GenAuth:AccessKeySecret"] = WechatTokenEmulator.DefaultAccessKeySecret,
            ["Wechat:Apps:mini:AppId"] = WechatTokenEmulator.DefaultAppId,
            ["Wechat:Apps:mini:AppSecret"] = WechatTokenEmulator.DefaultAppSecret,
        });
        var configuration = new ConfigurationBuilder().Add(source).Build();
        var services = new ServiceCollection();
        services.AddWechatTokenProvider(configuration.GetSection("Wechat")).UseGenAuth(configuration.GetSection("GenAuth")).AddCaching();
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var tokens = provider.GetRequiredService<IWechatAppTokenProvider>();
        var catalog = provider.GetRequiredService<IWechatAppCatalog>();
        await tokens.GetAccessTokenAsync("mini");
        catalog.TryGetCredentials("mini", out var before).Should().BeTrue();

        // The secret is rotated at WeChat (the emulator now refuses the old one) and in configuration.
        emulator.AddApp(WechatTokenEmulator.DefaultAppId, RotatedSecret);
        emulator.InvalidateWechatTokens(WechatTokenEmulator.DefaultAppId);
        source.Reload(new Dictionary<string, string?> { ["Wechat:Apps:mini:AppSecret"] = RotatedSecret });
        var token = await tokens.GetAccessTokenAsync("mini");

        catalog.TryGetCredentials("mini", out var after).Should().BeTrue();
        after!.AppSecret.Should().Be(RotatedSecret);
        after.Should().NotBeSameAs(before);
        token.Value.Should().Be(emulator.CurrentWechatToken(WechatTokenEmulator.DefaultAppId), "the fetch with the new secret succeeded");
        emulator.RequestCount("/api/v3/get-weixin-access-token").Should().Be(2, "a token cached under the old secret is not served for the new one");
        catalog.TryGetCredentials("mini", out var again).Should().BeTrue();
        again.Should().BeSameAs(after, "credentials are rebuilt once per change, not per call");
    }

    [Fact]
    public async Task InvalidReload_KeepsTheLastValidSecretAndLogsTheKeyNotTheValue()
    {
        var logs = new FakeLogCollector();
        var source = new ReloadableConfiguration(new Dictionary<string, string?>
        {
            ["Wechat:Apps:mini:AppId"] = "wx1234567890abcdef",
            ["Wechat:Apps:mini:AppSecret"] = "fake-app-secret-for-tests-0001",
        });
        var configuration = new ConfigurationBuilder().Add(source).Build();
        var fake = new CountingProvider("fake");
        var services = new ServiceCollection().AddLogging(l => l.AddProvider(new FakeLoggerProvider(logs)));
        services.AddWechatTokenProvider(configuration.GetSection("Wechat")).UseProvider("Fake", fake);
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var tokens = provider.GetRequiredService<IWechatAppTokenProvider>();

        const string Broken = "fake-app-secret-for-tests-0003 "; // trailing space: invalid
        source.Reload(new Dictionary<string, string?> { ["Wechat:Apps:mini:AppSecret"] = Broken });
        await tokens.GetAccessTokenAsync("mini");

        fake.Asked.Should().ContainSingle().Which.AppSecret.Should().Be("fake-app-secret-for-tests-0001");
        var warning = logs.GetSnapshot().Should().ContainSingle(r => r.Level == LogLevel.Warning).Which;
        warning.Message.Should().Contain("Wechat:Apps:mini:AppSecret is invalid").And.Contain("last valid values stay in use")
            .And.NotContain(Broken.Trim());

        // A valid reload after the invalid one is taken.
        source.Reload(new Dictionary<string, string?> { ["Wechat:Apps:mini:AppSecret"] = RotatedSecret });
        await tokens.GetAccessTokenAsync("mini");
        fake.Asked.Select(c => c.AppSecret).Should().Equal("fake-app-secret-for-tests-0001", RotatedSecret);
    }

    [Fact]
    public async Task Reload_AppAddedAndRemoved_ByNameCallsFollow()
    {
        var source = new ReloadableConfiguration(new Dictionary<string, string?>
        {
            ["Wechat:Apps:mini:AppId"] = "wx1234567890abcdef",
            ["Wechat:Apps:mini:AppSecret"] = "fake-app-secret-for-tests-0001",
        });
        var configuration = new ConfigurationBuilder().Add(source).Build();
        var services = new ServiceCollection();
        services.AddWechatTokenProvider(configuration.GetSection("Wechat")).UseProvider("Fake", new CountingProvider("fake"));
        await using var provider = services.BuildServiceProvider();
        var tokens = provider.GetRequiredService<IWechatAppTokenProvider>();

        source.Reload(new Dictionary<string, string?>
        {
            ["Wechat:Apps:mini:AppId"] = null,
            ["Wechat:Apps:mini:AppSecret"] = null,
            ["Wechat:Apps:oa:AppId"] = "wx0000000000official",
            ["Wechat:Apps:oa:AppSecret"] = "fake-app-secret-for-tests-official",
        });

        (await tokens.GetAccessTokenAsync("oa")).Value.Should().StartWith("fake-token-wx0000000000official");
        var act = async () => await tokens.GetAccessTokenAsync("mini");
        (await act.Should().ThrowAsync<WechatTokenException>()).Which.Message.Should().Contain("configured: oa");
    }
}
