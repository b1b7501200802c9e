using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed partial class CachingWechatTokenProviderTests
{
    [Theory]
    [InlineData("GenAuth")]
    [InlineData("stable_token")]
    public async Task GetAccessTokenAsync_UpstreamOverHttpKeepsTheSameTokenUntilItExpires_ServedUntilRealExpiryWithSpacedRequestsThenRenewed(string upstream)
    {
        // The emulator hands back the same token until it expires (no renewal window), over real loopback HTTP. The rule:
        // between soft and hard the token is served while one background refresh asks; from hard it is served only because
        // that refresh had nothing newer, with further requests spaced by the backoff; at its real expiry it is never served.
        var time = new FakeTimeProvider(CacheFixture.Start);
        await using var emulator = await WechatTokenEmulator.StartAsync(new WechatTokenEmulatorOptions { TimeProvider = time, SameTokenUntilExpiry = true });
        using var meters = new TestMeterFactory();
        using var stale = meters.Collect<long>(WechatTokenCachingDiagnostics.StaleServedInstrumentName);
        using var delays = meters.Collect<double>(WechatTokenCachingDiagnostics.RefreshRetryDelayInstrumentName);
        var services = new ServiceCollection().AddSingleton<TimeProvider>(time).AddSingleton<IMeterFactory>(meters);
        services.AddFakeLogging(o => o.OutputSink = null).AddLogging(b => b.SetMinimumLevel(LogLevel.Debug));
        var builder = services.AddWechatTokenProvider();
        var path = upstream == "GenAuth" ? "/api/v3/get-weixin-access-token" : "/cgi-bin/stable_token";
        if (upstream == "GenAuth")
        {
            builder.UseGenAuth(o =>
            {
                o.Host = emulator.BaseAddress.ToString();
                o.AccessKeyId = WechatTokenEmulator.DefaultAccessKeyId;
                o.AccessKeySecret = WechatTokenEmulator.DefaultAccessKeySecret;
            });
        }
        else
        {
            builder.UseWechat(o => o.Host = emulator.BaseAddress);
        }

        builder.AddCaching(o => o.SoftMomentSpread = () => 0);
        await using var sp = services.BuildServiceProvider();
        var provider = sp.GetRequiredService<IWechatTokenProvider>();
        var app = new WechatAppCredentials(WechatTokenEmulator.DefaultAppId, WechatTokenEmulator.DefaultAppSecret);
        bool GivenUp() => sp.GetFakeLogCollector().GetSnapshot().Any(r => r.Id.Id == 1211);

        var first = await provider.GetAccessTokenAsync(app);
        first.ExpiresAt.Should().Be(CacheFixture.Start + TimeSpan.FromHours(2));
        emulator.RequestCount(path).Should().Be(1);

        // Soft (6900 s): served at once; one background request, which hands back the same token.
        time.Advance(TimeSpan.FromSeconds(6900));
        Sync.Result(provider.GetAccessTokenAsync(app)).Should().BeSameAs(first);
        await delays.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(30));
        emulator.RequestCount(path).Should().Be(2);

        // From hard (7170 s) to just before the real expiry: still served, at once, counted as stale; requests spaced.
        var calls = 0;
        for (var at = 7170; at < 7200; at += 5)
        {
            time.Advance(TimeSpan.FromSeconds(at == 7170 ? 270 : 5));
            for (var i = 0; i < 10; i++, calls++)
            {
                Sync.Result(provider.GetAccessTokenAsync(app)).Should().BeSameAs(first, "upstream has nothing newer at {0} s", at);
            }
        }

        time.Advance(TimeSpan.FromSeconds(4)); // 7199 s
        await Eventually.True(GivenUp, "no request is scheduled past the real expiry", TimeSpan.FromSeconds(30));
        Sync.Result(provider.GetAccessTokenAsync(app)).Should().BeSameAs(first);
        CacheFixture.Total(stale).Should().Be(calls + 1, "every call past hard is served as a fallback");
        emulator.RequestCount(path).Should().BeInRange(3, 8, "requests are spaced by the backoff (1, 2, 4 … s), never one per call");

        time.Advance(TimeSpan.FromSeconds(1)); // 7200 s: the real expiry
        var renewed = await provider.GetAccessTokenAsync(app);

        renewed.Should().NotBeSameAs(first);
        renewed.Value.Should().NotBe(first.Value).And.Be(emulator.CurrentWechatToken(WechatTokenEmulator.DefaultAppId));
        renewed.ExpiresAt.Should().Be(CacheFixture.Start + TimeSpan.FromSeconds(7200 + 7200));
    }
}
