using System.Diagnostics.Metrics;
using GenAuth.Hexagonal.Adapters.Wechat.Tests.Support;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace GenAuth.Hexagonal.Adapters.Wechat.Tests;

/// <summary>The WeChat source's options follow configuration reloads (issue 14), and its own metrics (issue 14).</summary>
public partial class WechatApiTokenProviderTests
{
    private static (ReloadableConfiguration Source, ServiceProvider Services) BuildFromConfiguration(
        WechatTokenEmulator emulator, Dictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Wechat:Host"] = emulator.BaseAddress.ToString(),
            ["Wechat:Apps:mini:AppId"] = WechatTokenEmulator.DefaultAppId,
            ["Wechat:Apps:mini:AppSecret"] = WechatTokenEmulator.DefaultAppSecret,
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var source = new ReloadableConfiguration(values);
        var configuration = new ConfigurationBuilder().Add(source).Build();
        var services = new ServiceCollection();
        services.AddFakeLogging(o => o.OutputSink = null);
        services.AddMetrics();
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddWechatTokenProvider(configuration.GetSection("Wechat")).UseWechat(configuration.GetSection("Wechat"));
        return (source, services.BuildServiceProvider());
    }

    [Fact]
    public async Task Reload_HostAndTotalTimeout_NextFetchGoesToTheNewHostAndTheBudgetFollows()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        await using var other = await WechatTokenEmulator.StartAsync();
        var (source, services) = BuildFromConfiguration(emulator);
        await using var _ = services;
        var tokens = services.GetRequiredService<IWechatAppTokenProvider>();
        var info = services.GetRequiredService<IWechatTokenProvider>().Should().BeAssignableTo<IWechatTokenSourceInfo>().Which;
        await tokens.GetAccessTokenAsync("mini");

        source.Reload(new Dictionary<string, string?> { ["Wechat:Host"] = other.BaseAddress.ToString(), ["Wechat:TotalTimeout"] = "00:00:45" });
        var token = await tokens.GetAccessTokenAsync("mini");

        token.Value.Should().Be(other.CurrentWechatToken(WechatTokenEmulator.DefaultAppId));
        other.RequestCount(StableTokenPath).Should().Be(1);
        emulator.RequestCount(StableTokenPath).Should().Be(1);
        info.FetchBudget.Should().Be(TimeSpan.FromSeconds(45));
    }

    [Fact]
    public async Task Reload_InvalidHost_LastValidHostStaysAndTheWarningNamesTheKey()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        var (source, services) = BuildFromConfiguration(emulator);
        await using var _ = services;
        var tokens = services.GetRequiredService<IWechatAppTokenProvider>();
        await tokens.GetAccessTokenAsync("mini");

        source.Reload(new Dictionary<string, string?> { ["Wechat:Host"] = "http://wechat-gateway.example/" }); // plain http off loopback
        await tokens.GetAccessTokenAsync("mini");

        emulator.RequestCount(StableTokenPath).Should().Be(2, "the last valid host is still used");
        services.GetFakeLogCollector().GetSnapshot().Should().ContainSingle(r => r.Level == LogLevel.Warning)
            .Which.Message.Should().Contain("Wechat:Host");
    }

    [Fact]
    public async Task Reload_Endpoint_TakesEffectAfterARestartAndSaysSo()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        var (source, services) = BuildFromConfiguration(emulator);
        await using var _ = services;
        var tokens = services.GetRequiredService<IWechatAppTokenProvider>();
        await tokens.GetAccessTokenAsync("mini");

        source.Reload(new Dictionary<string, string?> { ["Wechat:Endpoint"] = "Token" });
        await tokens.GetAccessTokenAsync("mini");

        emulator.RequestCount("/cgi-bin/token").Should().Be(0, "who owns the token is not changed by a reload");
        services.GetFakeLogCollector().GetSnapshot().Should().ContainSingle(r => r.Id.Id == 1106)
            .Which.Message.Should().Contain("Wechat:Endpoint").And.Contain("restart");
    }

    [Fact]
    public async Task Telemetry_FetchesAndForcedRefreshes_CountedWithKindOutcomeAndErrcode()
    {
        var clock = new FakeTimeProvider(Start);
        await using var emulator = await WechatTokenEmulator.StartAsync(new WechatTokenEmulatorOptions { TimeProvider = clock });
        var (source, services) = BuildFromConfiguration(emulator, new() { ["Wechat:IncludeAppIdInTelemetry"] = "true" }, clock);
        await using var _ = services;
        var meters = services.GetRequiredService<IMeterFactory>();
        using var fetches = new MetricCollector<long>(meters, WechatTokenDiagnostics.MeterName, WechatTokenDiagnostics.SourceFetchesInstrumentName);
        using var durations = new MetricCollector<double>(meters, WechatTokenDiagnostics.MeterName, WechatTokenDiagnostics.SourceFetchDurationInstrumentName);
        using var forces = new MetricCollector<long>(meters, WechatTokenDiagnostics.MeterName, WechatTokenDiagnostics.SourceForcedRefreshesInstrumentName);
        var provider = services.GetRequiredService<IWechatTokenProvider>();
        var refresher = (IWechatTokenRefresher)provider;

        var token = await provider.GetAccessTokenAsync(EmulatorApp);
        token = await refresher.RefreshAsync(EmulatorApp, token); // forced
        await refresher.RefreshAsync(EmulatorApp, token);         // spaced: not sent
        emulator.InjectFault(EmulatorFault.WechatError(40164, "invalid ip 203.0.113.9"), pathPrefix: StableTokenPath);
        var act = async () => await provider.GetAccessTokenAsync(EmulatorApp);
        await act.Should().ThrowAsync<WechatTokenException>();

        var measured = fetches.GetMeasurementSnapshot();
        measured.Should().HaveCount(5, "the first fetch, normal + forced, normal, the failure");
        measured.Should().OnlyContain(m => Equals(m.Tags[WechatTokenDiagnostics.SourceTagName], "Wechat")
            && Equals(m.Tags[WechatTokenDiagnostics.TokenKindTagName], "wechat-stable")
            && Equals(m.Tags[WechatTokenDiagnostics.AppIdTagName], WechatTokenEmulator.DefaultAppId));
        measured.Take(4).Should().OnlyContain(m => Equals(m.Tags[WechatTokenDiagnostics.HttpStatusCodeTagName], 200) && !m.Tags.ContainsKey(WechatTokenDiagnostics.ErrorTypeTagName));
        measured[4].Tags.Should().Contain(WechatTokenDiagnostics.ErrorTypeTagName, "UpstreamError")
            .And.Contain(WechatTokenDiagnostics.WechatErrorCodeTagName, 40164);
        durations.GetMeasurementSnapshot().Should().HaveCount(5);
        forces.GetMeasurementSnapshot().Select(m => m.Tags[WechatTokenDiagnostics.ForceOutcomeTagName])
            .Should().Equal(WechatTokenDiagnostics.ForceOutcomeRefreshed, WechatTokenDiagnostics.ForceOutcomeSpaced);
    }
}
