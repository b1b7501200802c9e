using GenAuth.Hexagonal.Adapters.Wechat.Tests.Support;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GenAuth.Hexagonal.Adapters.Wechat.Tests;

public class WechatBuilderExtensionsTests
{
    private static IConfiguration Configuration(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, v.Value))).Build();

    [Fact]
    public void UseWechat_Defaults_ComposesTheWechatApiSourceWithDocumentedDefaults()
    {
        var services = new ServiceCollection();
        services.AddWechatTokenProvider().UseWechat();
        using var provider = services.BuildServiceProvider();

        var source = provider.GetRequiredService<IWechatTokenProvider>().Should().BeOfType<WechatApiTokenProvider>().Subject;
        source.Endpoint.Should().Be(WechatApiEndpoint.StableToken);
        var options = provider.GetRequiredService<IOptions<WechatApiOptions>>().Value;
        options.Host.Should().Be(new Uri("https://api.weixin.qq.com/"));
        options.Timeout.Should().Be(TimeSpan.FromSeconds(10));
        options.TotalTimeout.Should().Be(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void UseWechat_Configuration_BindsHostEndpointAndTimeout()
    {
        var configuration = Configuration(
            ("Wechat:Host", "https://sh.api.weixin.qq.com"),
            ("Wechat:Endpoint", "Token"),
            ("Wechat:Timeout", "00:00:03"),
            ("Wechat:TotalTimeout", "00:00:12"),
            ("Wechat:Apps:mini:AppId", TestApps.AppId),
            ("Wechat:Apps:mini:AppSecret", TestApps.AppSecret));
        var services = new ServiceCollection();
        services.AddWechatTokenProvider(configuration.GetSection("Wechat")).UseWechat(configuration.GetSection("Wechat"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<WechatApiOptions>>().Value;

        options.Host.Should().Be(new Uri("https://sh.api.weixin.qq.com"));
        options.Endpoint.Should().Be(WechatApiEndpoint.Token);
        options.Timeout.Should().Be(TimeSpan.FromSeconds(3));
        options.TotalTimeout.Should().Be(TimeSpan.FromSeconds(12));
        provider.GetRequiredService<IWechatTokenProvider>().Should().BeOfType<WechatApiTokenProvider>()
            .Which.Endpoint.Should().Be(WechatApiEndpoint.Token);
    }

    [Theory]
    [InlineData("Wechat:Host", "http://api.weixin.qq.com", "Wechat:Host")]
    [InlineData("Wechat:Host", "api.weixin.qq.com", "Wechat:Host")]
    [InlineData("Wechat:Timeout", "00:00:00", "Wechat:Timeout")]
    [InlineData("Wechat:Timeout", "-00:00:01", "Wechat:Timeout")]
    [InlineData("Wechat:Timeout", "00:00:40", "Wechat:TotalTimeout")]
    [InlineData("Wechat:TotalTimeout", "00:00:00", "Wechat:TotalTimeout")]
    [InlineData("Wechat:TotalTimeout", "00:11:00", "Wechat:TotalTimeout")]
    [InlineData("Wechat:Endpoint", "7", "Wechat:Endpoint")]
    [InlineData("Tenants:A:Wechat:Host", "http://example.com", "Tenants:A:Wechat:Host")]
    public void UseWechat_InvalidConfiguration_FailsAtStartUpNamingTheKey(string key, string value, string expectedKey)
    {
        var configuration = Configuration((key, value));
        var section = configuration.GetSection(key[..key.LastIndexOf(':')]);
        var services = new ServiceCollection();
        services.AddWechatTokenProvider().UseWechat(section);
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(expectedKey);
    }

    [Fact]
    public void UseWechat_ValidationMessage_NeverShowsTheValue()
    {
        var services = new ServiceCollection();
        services.AddWechatTokenProvider().UseWechat(o => o.Host = new Uri("http://user:fake-app-secret-for-tests-0001@example.com/"));
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("Wechat:Host").And.NotContain("fake-app-secret");
    }

    [Fact]
    public async Task UseWechat_CalledTwice_RegistersOneRetryHandler()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddWechatTokenProvider()
            .UseWechat(o => o.Host = emulator.BaseAddress)
            .UseWechat(o => o.Timeout = TimeSpan.FromSeconds(20));
        await using var provider = services.BuildServiceProvider();
        emulator.InjectFault(EmulatorFault.HttpStatus(503), times: 20);

        var ex = (await provider.GetRequiredService<IWechatTokenProvider>()
            .Invoking(p => p.GetAccessTokenAsync(EmulatorServices.Credentials).AsTask()).Should().ThrowAsync<WechatTokenException>()).Which;

        ex.Kind.Should().Be(WechatTokenErrorKind.HttpError);
        emulator.RequestCount("/cgi-bin/stable_token").Should().Be(1 + WechatBuilderExtensions.StableTokenMaxRetryAttempts);
        provider.GetRequiredService<IOptions<WechatApiOptions>>().Value.Timeout.Should().Be(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task UseWechat_TokenEndpoint_NeverRetriesAtTheHttpLevel()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        var services = new ServiceCollection();
        services.AddWechatTokenProvider().UseWechat(o =>
        {
            o.Host = emulator.BaseAddress;
            o.Endpoint = WechatApiEndpoint.Token;
        });
        await using var provider = services.BuildServiceProvider();
        emulator.InjectFault(EmulatorFault.HttpStatus(503), times: 1);

        await provider.GetRequiredService<IWechatTokenProvider>()
            .Invoking(p => p.GetAccessTokenAsync(EmulatorServices.Credentials).AsTask()).Should().ThrowAsync<WechatTokenException>();

        emulator.RequestCount("/cgi-bin/token").Should().Be(1);
        emulator.CurrentWechatToken(WechatTokenEmulator.DefaultAppId).Should().BeNull("no token was issued behind the caller's back");
    }

    [Fact]
    public async Task UseWechat_WithFakeTimeProviderRegistered_RetriesWithoutWaitingOnItAndComputesExpiryFromIt()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddWechatTokenProvider().UseWechat(o => o.Host = emulator.BaseAddress);
        await using var provider = services.BuildServiceProvider();
        emulator.InjectFault(EmulatorFault.HttpStatus(502), times: 1);

        var token = await provider.GetRequiredService<IWechatTokenProvider>().GetAccessTokenAsync(EmulatorServices.Credentials)
            .AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        token.ExpiresAt.Should().BeCloseTo(clock.GetUtcNow().AddSeconds(7200), TimeSpan.FromSeconds(2));
        emulator.RequestCount("/cgi-bin/stable_token").Should().Be(2);
    }
}
