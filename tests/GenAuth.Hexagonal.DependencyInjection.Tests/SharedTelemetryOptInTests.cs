using GenAuth.Hexagonal.Adapters.Caching;
using GenAuth.Hexagonal.Adapters.GenAuth;
using GenAuth.Hexagonal.Adapters.Wechat;
using GenAuth.Hexagonal.DependencyInjection.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.DependencyInjection.Tests;

/// <summary>One switch, <c>Wechat:IncludeAppIdInTelemetry</c>, for every adapter's app-id tag.</summary>
public class SharedTelemetryOptInTests
{
    [Fact]
    public async Task SharedSwitchOn_EveryAdapterTagsTheAppId()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Wechat:IncludeAppIdInTelemetry"] = "true",
            ["Wechat:Apps:mini:AppId"] = "wx1234567890abcdef",
            ["Wechat:Apps:mini:AppSecret"] = "fake-app-secret-for-tests-0001",
        }).Build();
        var services = new ServiceCollection().AddMetrics();
        services.AddWechatTokenProvider(configuration.GetSection("Wechat"))
            .UseGenAuth(o => { o.AccessKeyId = "fake-access-key-id"; o.AccessKeySecret = "fake-access-key-secret-0001"; })
            .UseWechat(_ => { })
            .AddCaching()
            .UseProvider("Fake", new CountingProvider("fake"));
        await using var provider = services.BuildServiceProvider();
        using var hits = new MetricCollector<long>(
            provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), WechatTokenDiagnostics.MeterName, WechatTokenCachingDiagnostics.HitsInstrumentName);

        var tokens = provider.GetRequiredService<IWechatAppTokenProvider>();
        await tokens.GetAccessTokenAsync("mini");
        await tokens.GetAccessTokenAsync("mini");

        hits.GetMeasurementSnapshot().Should().ContainSingle()
            .Which.Tags.Should().Contain(WechatTokenDiagnostics.AppIdTagName, "wx1234567890abcdef");
        provider.GetRequiredService<IOptions<GenAuthOptions>>().Value.IncludeAppIdInTelemetry.Should().BeTrue();
        provider.GetRequiredService<IOptions<WechatApiOptions>>().Value.IncludeAppIdInTelemetry.Should().BeTrue();
        provider.GetRequiredService<IOptions<WechatTokenCachingOptions>>().Value.IncludeAppIdInTelemetry.Should().BeTrue();
    }

    [Fact]
    public async Task SharedSwitchOff_NoAppIdTag()
    {
        var services = new ServiceCollection().AddMetrics();
        services.AddWechatTokenProvider().AddCaching().UseProvider("Fake", new CountingProvider("fake"))
            .AddApp("mini", a => { a.AppId = "wx1234567890abcdef"; a.AppSecret = "fake-app-secret-for-tests-0001"; });
        await using var provider = services.BuildServiceProvider();
        using var hits = new MetricCollector<long>(
            provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), WechatTokenDiagnostics.MeterName, WechatTokenCachingDiagnostics.HitsInstrumentName);

        var tokens = provider.GetRequiredService<IWechatAppTokenProvider>();
        await tokens.GetAccessTokenAsync("mini");
        await tokens.GetAccessTokenAsync("mini");

        hits.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags.Should().NotContainKey(WechatTokenDiagnostics.AppIdTagName);
    }
}
