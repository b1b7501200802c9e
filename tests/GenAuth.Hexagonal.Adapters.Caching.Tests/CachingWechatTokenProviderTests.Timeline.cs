namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed partial class CachingWechatTokenProviderTests
{
    [Theory]
    [InlineData(7200, 6900, 7170)] // soft = expiresAt − 5 min, hard = expiresAt − 30 s
    [InlineData(300, 240, 270)]    // soft = expiresAt − L/5 (60 s), hard = expiresAt − 30 s (L/10 = 30 s)
    public async Task GetAccessTokenAsync_TokenLifetime_StateFlipsAtSoftAndHardMoments(int lifetime, int soft, int hard)
    {
        using var f = new CacheFixture();
        f.Source.TokenLifetime = TimeSpan.FromSeconds(lifetime);
        await f.Provider.GetAccessTokenAsync(f.Credentials);
        var tick = TimeSpan.FromTicks(1);

        StateAfter(f, TimeSpan.FromSeconds(soft) - tick).Should().Be(WechatTokenState.Fresh);
        StateAfter(f, tick).Should().Be(WechatTokenState.RefreshAhead);
        StateAfter(f, TimeSpan.FromSeconds(hard - soft) - tick).Should().Be(WechatTokenState.RefreshAhead);
        StateAfter(f, tick).Should().Be(WechatTokenState.Expired);
        f.Time.Advance(TimeSpan.FromSeconds(lifetime - hard));
        f.Provider.TryGetState(f.Credentials, out _).Should().BeFalse("the token is gone at its real expiry");
        f.Source.CallCount.Should().Be(1, "flipping states fetches nothing by itself");
    }

    [Fact]
    public async Task GetAccessTokenAsync_ConfiguredMargins_UsedForMoments()
    {
        using var f = new CacheFixture(o => { o.MaxRefreshAhead = TimeSpan.FromMinutes(10); o.MaxSafetyMargin = TimeSpan.FromMinutes(1); });
        await f.Provider.GetAccessTokenAsync(f.Credentials);

        StateAfter(f, TimeSpan.FromSeconds(6600) - TimeSpan.FromTicks(1)).Should().Be(WechatTokenState.Fresh);
        StateAfter(f, TimeSpan.FromTicks(1)).Should().Be(WechatTokenState.RefreshAhead);
        StateAfter(f, TimeSpan.FromSeconds(540)).Should().Be(WechatTokenState.Expired);
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

    private static WechatTokenState? StateAfter(CacheFixture f, TimeSpan advance)
    {
        f.Time.Advance(advance);
        return f.Provider.TryGetState(f.Credentials, out var state) ? state : null;
    }
}
