namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed partial class CachingWechatTokenProviderTests
{
    [Fact]
    public async Task GetAccessTokenAsync_RefreshAheadWindow_ServesAtOnceAndStartsExactlyOneBackgroundFetch()
    {
        using var f = new CacheFixture();
        var first = await f.Provider.GetAccessTokenAsync(f.Credentials);
        f.Time.Advance(TimeSpan.FromSeconds(6900));
        var hold = f.Source.HoldFetches();

        for (var i = 0; i < 100; i++)
        {
            Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first, "refresh-ahead never makes a caller wait");
        }

        await Eventually.True(() => f.Source.WaitingCount == 1, "one background fetch is waiting upstream");
        f.Source.CallCount.Should().Be(2);
        hold.Dispose();
        await Eventually.True(
            () => Sync.TryResult(f.Provider.GetAccessTokenAsync(f.Credentials))?.Value == "fake-token-000002", "the renewed token is cached");

        f.Source.CallCount.Should().Be(2);
    }

    [Fact]
    public async Task GetAccessTokenAsync_UpstreamReturnsSameTokenDuringRefreshAhead_NoRefreshPerCall()
    {
        using var f = new CacheFixture();
        using var delays = f.Meters.Collect<double>(WechatTokenCachingDiagnostics.RefreshRetryDelayInstrumentName);
        var first = await f.Provider.GetAccessTokenAsync(f.Credentials);
        f.Source.Respond((_, _) => ValueTask.FromResult(first)); // stable_token / GenAuth hand back the same token
        f.Time.Advance(TimeSpan.FromSeconds(6900));

        (await f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first);
        await delays.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(10));
        for (var i = 0; i < 1000; i++)
        {
            (await f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first);
        }

        f.Source.CallCount.Should().Be(2, "one background fetch, then it backs off instead of fetching per call");
        delays.LastMeasurement!.Value.Should().Be(1, "the next attempt is spaced by the backoff");

        f.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => f.Source.CallCount == 3, "the next attempt runs after its delay");
        await delays.WaitForMeasurementsAsync(2, TimeSpan.FromSeconds(10));
        delays.LastMeasurement!.Value.Should().Be(2);

        // The same token keeps its original moments: served (upstream had nothing newer) until its real expiry, never after.
        f.Time.Advance(TimeSpan.FromSeconds(7200 - 6901) - TimeSpan.FromMilliseconds(1));
        await Eventually.True(() => f.Logger.Collector.GetSnapshot().Any(r => r.Id.Id == 1211), "no attempt is scheduled past the real expiry");
        Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first);
        f.Source.Respond(null);
        f.Time.Advance(TimeSpan.FromMilliseconds(1));
        (await f.Provider.GetAccessTokenAsync(f.Credentials)).Should().NotBeSameAs(first, "a token is never served at its real expiry");
    }
}
