namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed partial class CachingWechatTokenProviderTests
{
    [Fact]
    public async Task InvalidateAsync_CachedTokenIsTheRejectedOne_DropsItAndNextCallFetches()
    {
        using var f = new CacheFixture();
        using var invalidations = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.InvalidationsInstrumentName);
        var rejected = await f.Provider.GetAccessTokenAsync(f.Credentials);

        await f.Provider.InvalidateAsync(f.Credentials, rejected);

        f.Provider.Count.Should().Be(0);
        var next = await f.Provider.GetAccessTokenAsync(f.Credentials);
        next.Value.Should().Be("fake-token-000002");
        f.Source.CallCount.Should().Be(2);
        invalidations.GetMeasurementSnapshot().EvaluateAsCounter().Should().Be(1);
        f.Logger.Collector.GetSnapshot().Should().NotContain(r => r.Message.Contains(rejected.Value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task InvalidateAsync_NewerTokenCached_LeavesItAlone()
    {
        using var f = new CacheFixture();
        var old = await f.Provider.GetAccessTokenAsync(f.Credentials);
        await f.Provider.InvalidateAsync(f.Credentials, old);
        var newer = await f.Provider.GetAccessTokenAsync(f.Credentials);

        // A second request that used the old token is rejected late and reports it.
        await f.Provider.InvalidateAsync(f.Credentials, old);

        (await f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(newer);
        f.Source.CallCount.Should().Be(2);
    }

    [Fact]
    public async Task InvalidateAsync_NothingCached_DoesNothing()
    {
        using var f = new CacheFixture();
        await f.Provider.InvalidateAsync(f.Credentials, f.Token("some-rejected-token-0001", TimeSpan.FromHours(1)));

        f.Provider.Count.Should().Be(0);
        f.Source.CallCount.Should().Be(0);
    }

    [Fact]
    public async Task InvalidateAsync_DuringOutage_StopsServingTheRejectedToken()
    {
        using var f = new CacheFixture();
        using var failures = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.RefreshFailuresInstrumentName);
        var rejected = await f.Provider.GetAccessTokenAsync(f.Credentials);
        f.Source.Respond((_, _) => ValueTask.FromException<WechatAccessToken>(Outage));
        f.Time.Advance(TimeSpan.FromSeconds(6900));
        await f.Provider.GetAccessTokenAsync(f.Credentials);
        await Eventually.True(() => CacheFixture.Total(failures) == 1, "the background refresh ran and failed");

        await f.Provider.InvalidateAsync(f.Credentials, rejected);

        await f.Provider.Invoking(p => p.GetAccessTokenAsync(f.Credentials).AsTask()).Should().ThrowAsync<WechatTokenException>(
            "a token WeChat rejected is never served as a fail-safe fallback");
    }
}
