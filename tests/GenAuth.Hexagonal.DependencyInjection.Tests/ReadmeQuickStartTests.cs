using GenAuth.Hexagonal;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.DependencyInjection.Tests;

/// <summary>The README's quick start, as written there, against the emulator instead of api.genauth.ai.</summary>
public class ReadmeQuickStartTests
{
    [Fact]
    public async Task QuickStart_FromConfiguration_ServesTheTokenFromCacheAfterOneUpstreamCall()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GenAuth:Host"] = emulator.BaseAddress.ToString(),
            ["GenAuth:AccessKeyId"] = WechatTokenEmulator.DefaultAccessKeyId,
            ["GenAuth:AccessKeySecret"] = WechatTokenEmulator.DefaultAccessKeySecret,
            ["Wechat:Apps:mini:AppId"] = WechatTokenEmulator.DefaultAppId,
            ["Wechat:Apps:mini:AppSecret"] = WechatTokenEmulator.DefaultAppSecret,
        }).Build();
        var services = new ServiceCollection();

        services.AddWechatTokenProvider(configuration.GetSection("Wechat"))
            .UseGenAuth(configuration.GetSection("GenAuth"))
            .AddCaching();

        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var tokens = provider.GetRequiredService<IWechatTokenProvider>();
        var apps = provider.GetRequiredService<IWechatAppCatalog>();
        apps.TryGetCredentials("mini", out var mini).Should().BeTrue();

        var first = await tokens.GetAccessTokenAsync(mini!);
        var second = await tokens.GetAccessTokenAsync(mini!);

        first.Value.Should().Be(emulator.CurrentWechatToken(WechatTokenEmulator.DefaultAppId));
        second.Should().BeSameAs(first);
        first.ExpiresAt.Should().BeAfter(DateTimeOffset.UtcNow.AddHours(1));
        emulator.RequestCount("/api/v3/get-weixin-access-token").Should().Be(1);
        provider.GetRequiredService<IWechatTokenInvalidator>().Should().BeSameAs(tokens);
    }
}
