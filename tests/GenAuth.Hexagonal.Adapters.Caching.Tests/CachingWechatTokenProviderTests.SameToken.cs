using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed partial class CachingWechatTokenProviderTests
{
    [Fact]
    public async Task GetAccessTokenAsync_PastHardUpstreamHandsBackTheSameToken_ServedAsFallbackWithSpacedFetchesUntilRealExpiry()
    {
        // The rule between hard and real expiry: the token is served only once upstream, asked since the soft moment, had
        // nothing newer (here: it handed back the same token); it is then served at once, counted as stale, while the
        // background refresh keeps asking on the backoff; at the real expiry it is never served.
        using var f = new CacheFixture();
        using var stale = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.StaleServedInstrumentName);
        using var delays = f.Meters.Collect<double>(WechatTokenCachingDiagnostics.RefreshRetryDelayInstrumentName);
        var first = await f.Provider.GetAccessTokenAsync(f.Credentials);
        f.Source.Respond((_, _) => ValueTask.FromResult(first));
        f.Time.Advance(TimeSpan.FromSeconds(7170)); // the hard moment, no call since the soft one

        (await f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first, "the caller waited for one fetch, which answered the same token");
        f.Source.CallCount.Should().Be(2);
        CacheFixture.Total(stale).Should().Be(0);

        for (var i = 0; i < 100; i++)
        {
            Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first, "upstream has nothing newer: served at once");
        }

        f.Source.CallCount.Should().Be(2, "never one fetch per call");
        CacheFixture.Total(stale).Should().Be(100);
        (await f.HealthAsync()).Status.Should().Be(HealthStatus.Healthy, "upstream answers: nothing is failing");

        delays.GetMeasurementSnapshot().Select(m => m.Value).Should().Equal(1);
        f.Time.Advance(TimeSpan.FromSeconds(1));
        await delays.WaitForMeasurementsAsync(2, TimeSpan.FromSeconds(10));
        f.Source.CallCount.Should().Be(3, "the next attempt ran 1 s later");
        f.Time.Advance(TimeSpan.FromSeconds(2));
        await delays.WaitForMeasurementsAsync(3, TimeSpan.FromSeconds(10));
        f.Source.CallCount.Should().Be(4, "and the next 2 s after that");
        delays.GetMeasurementSnapshot().Select(m => m.Value).Should().Equal(1, 2, 4);

        // Up to the real expiry (7200 s) it is served; the attempts stop once the next would come after it.
        f.Time.Advance(TimeSpan.FromSeconds(27) - TimeSpan.FromTicks(1));
        await Eventually.True(() => f.Logger.Collector.GetSnapshot().Any(r => r.Id.Id == 1211), "no attempt is scheduled past the real expiry");
        Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first);
        f.Source.Respond(null);
        f.Time.Advance(TimeSpan.FromTicks(1)); // real expiry
        (await f.Provider.GetAccessTokenAsync(f.Credentials)).Should().NotBeSameAs(first);
    }

    [Fact]
    public async Task GetAccessTokenAsync_PastHardWhileTheRefreshHasNotAnswered_CallerWaits()
    {
        using var f = new CacheFixture();
        var first = await f.Provider.GetAccessTokenAsync(f.Credentials);
        f.Time.Advance(TimeSpan.FromSeconds(6900));
        var hold = f.Source.HoldFetches();
        Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first); // starts the refresh, held
        await Eventually.True(() => f.Source.WaitingCount == 1, "the refresh is in flight");

        f.Time.Advance(TimeSpan.FromSeconds(270)); // hard
        var waiting = f.Provider.GetAccessTokenAsync(f.Credentials).AsTask();

        waiting.IsCompleted.Should().BeFalse("a refresh in flight is no answer yet: past hard the token is not served");
        hold.Dispose();
        (await waiting).Should().NotBeSameAs(first);
        f.Source.CallCount.Should().Be(2);
    }
}
