namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed partial class CachingWechatTokenProviderTests
{
    [Fact]
    public async Task DisposeAsync_DuringOutage_StopsBackgroundRefreshesAndTimers()
    {
        var f = new CacheFixture();
        await f.Provider.GetAccessTokenAsync(f.Credentials);
        f.Source.Respond((_, _) => ValueTask.FromException<WechatAccessToken>(Outage));
        f.Time.Advance(TimeSpan.FromSeconds(6900));
        await f.Provider.GetAccessTokenAsync(f.Credentials);
        await Eventually.True(() => f.Source.CallCount == 2, "the background refresh ran");

        await f.Provider.DisposeAsync();
        for (var i = 0; i < 100; i++)
        {
            f.Time.Advance(TimeSpan.FromSeconds(30));
        }

        await Task.Delay(50); // give a wrongly surviving loop a chance to call upstream (the assertion is a count, not a time)
        f.Source.CallCount.Should().Be(2);
        await f.Provider.Invoking(p => p.GetAccessTokenAsync(f.Credentials).AsTask()).Should().ThrowAsync<ObjectDisposedException>();
        await f.Provider.Invoking(p => p.InvalidateAsync(f.Credentials, f.Token("x-token-0001", TimeSpan.FromHours(1))).AsTask())
            .Should().ThrowAsync<ObjectDisposedException>();
        await f.Provider.DisposeAsync(); // idempotent
        f.Dispose();
    }

    [Fact]
    public async Task Dispose_WhileCallersWait_TheyGetObjectDisposedException()
    {
        using var f = new CacheFixture();
        using var hold = f.Source.HoldFetches();
        var waiting = f.Provider.GetAccessTokenAsync(f.Credentials).AsTask();

        f.Provider.Dispose();

        await waiting.Invoking(t => t).Should().ThrowAsync<ObjectDisposedException>();
    }

    [Fact]
    public async Task GetAccessTokenAsync_10000Hits_AllocateNothing()
    {
        using var f = new CacheFixture();
        var credentials = f.Credentials;
        var provider = f.Provider;
        await provider.GetAccessTokenAsync(credentials);
        for (var i = 0; i < 1000; i++)
        {
            _ = Sync.Result(provider.GetAccessTokenAsync(credentials)); // warm-up (JIT tiers)
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        WechatAccessToken? last = null;
        for (var i = 0; i < 10_000; i++)
        {
            last = Sync.TryResult(provider.GetAccessTokenAsync(credentials));
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.Should().Be(0);
        last.Should().NotBeNull();
        f.Source.CallCount.Should().Be(1);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingTheKey()
    {
        var act = () => new CachingWechatTokenProvider(
            new FakeWechatTokenProvider(),
            Microsoft.Extensions.Options.Options.Create(new WechatTokenCachingOptions { SizeLimit = 0 }),
            "Fake");

        act.Should().Throw<ArgumentException>().WithMessage("*Wechat:Caching:SizeLimit*");
    }
}
