namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed partial class CachingWechatTokenProviderTests
{
    [Theory]
    [InlineData(7200, 6900, 7170)] // soft = expiresAt − 5 min, hard = expiresAt − 30 s
    [InlineData(300, 240, 270)]    // soft = expiresAt − L/5 (60 s), hard = expiresAt − 30 s (L/10 = 30 s)
    public async Task GetAccessTokenAsync_TokenLifetime_RefreshStartsAtSoftAndCallersWaitFromHard(int lifetime, int soft, int hard)
    {
        using var f = new CacheFixture();
        using var refreshes = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.RefreshesInstrumentName);
        f.Source.TokenLifetime = TimeSpan.FromSeconds(lifetime);
        var first = await f.Provider.GetAccessTokenAsync(f.Credentials);

        await AssertMomentsAsync(f, refreshes, first, TimeSpan.FromSeconds(soft), TimeSpan.FromSeconds(hard));
    }

    [Fact]
    public async Task GetAccessTokenAsync_ConfiguredMargins_UsedForMoments()
    {
        using var f = new CacheFixture(o => { o.MaxRefreshAhead = TimeSpan.FromMinutes(10); o.MaxSafetyMargin = TimeSpan.FromMinutes(1); });
        using var refreshes = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.RefreshesInstrumentName);
        var first = await f.Provider.GetAccessTokenAsync(f.Credentials);

        await AssertMomentsAsync(f, refreshes, first, TimeSpan.FromSeconds(6600), TimeSpan.FromSeconds(7140));
    }

    [Fact]
    public async Task GetAccessTokenAsync_BeforeSoft_ServesCachedTokenSynchronouslyWithoutUpstreamCall()
    {
        using var f = new CacheFixture();
        var first = await f.Provider.GetAccessTokenAsync(f.Credentials);
        f.Time.Advance(TimeSpan.FromSeconds(6899));

        for (var i = 0; i < 100; i++)
        {
            Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first);
        }

        f.Source.CallCount.Should().Be(1);
    }

    [Fact]
    public async Task GetAccessTokenAsync_AfterHardWithoutEarlierCalls_CallersWaitForOneSharedFetch()
    {
        using var f = new CacheFixture();
        var first = await f.Provider.GetAccessTokenAsync(f.Credentials);
        f.Time.Advance(TimeSpan.FromSeconds(7170));

        ValueTask<WechatAccessToken> a, b;
        using (f.Source.HoldFetches())
        {
            a = f.Provider.GetAccessTokenAsync(f.Credentials);
            b = f.Provider.GetAccessTokenAsync(f.Credentials);
            a.IsCompleted.Should().BeFalse("an expired token is not served while upstream is healthy");
            b.IsCompleted.Should().BeFalse();
        }

        var (ta, tb) = (await a, await b);
        ta.Should().NotBe(first);
        tb.Should().BeSameAs(ta);
        f.Source.CallCount.Should().Be(2);
    }

    /// <summary>
    /// Walks a token cached at <see cref="CacheFixture.Start"/> through its moments: served with no refresh until just before
    /// <paramref name="soft"/>; served while one (held) background refresh starts at <paramref name="soft"/> and until just
    /// before <paramref name="hard"/>; from <paramref name="hard"/> a caller waits (it joins the background fetch).
    /// </summary>
    private static async Task AssertMomentsAsync(
        CacheFixture f, MetricCollector<long> refreshes, WechatAccessToken first, TimeSpan soft, TimeSpan hard)
    {
        var tick = TimeSpan.FromTicks(1);
        f.Time.Advance(soft - tick);
        Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first);
        CacheFixture.Total(refreshes).Should().Be(0, "nothing is refreshed before the soft moment");

        var hold = f.Source.HoldFetches();
        f.Time.Advance(tick);
        Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first, "refresh-ahead serves at once");
        CacheFixture.Total(refreshes).Should().Be(1, "the first call from the soft moment starts one background refresh");
        await Eventually.True(() => f.Source.WaitingCount == 1, "the background fetch is waiting upstream");

        f.Time.Advance(hard - soft - tick);
        Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first, "still before the hard moment");
        CacheFixture.Total(refreshes).Should().Be(1);

        f.Time.Advance(tick);
        var waiting = f.Provider.GetAccessTokenAsync(f.Credentials);
        waiting.IsCompleted.Should().BeFalse("from the hard moment the token is not served while upstream has not answered");
        hold.Dispose();
        (await waiting).Should().NotBe(first);
        f.Source.CallCount.Should().Be(2, "the caller joined the background fetch");
    }
}
