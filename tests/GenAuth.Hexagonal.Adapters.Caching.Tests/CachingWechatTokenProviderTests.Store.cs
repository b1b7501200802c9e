namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed partial class CachingWechatTokenProviderTests
{
    [Fact]
    public async Task GetAccessTokenAsync_100000AppsAgainstSizeLimit_EveryTokenReturnedAndEachRefusedOrEvictedOneCounted()
    {
        // System clock here: the entries' timers are real runtime timers (the tokens live 2 hours, nothing fires).
        using var f = new CacheFixture(systemClock: true);
        using var refused = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.RefusedAddsInstrumentName);
        using var evicted = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.EvictionsInstrumentName);
        using var misses = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.MissesInstrumentName);
        f.Source.Respond((c, _) => ValueTask.FromResult(new WechatAccessToken("token-of-" + c.AppId, DateTimeOffset.UtcNow + TimeSpan.FromHours(2))));
        var apps = Enumerable.Range(0, 100_000).Select(CacheFixture.App).ToArray();

        var wrong = 0;
        foreach (var app in apps)
        {
            var token = Sync.TryResult(f.Provider.GetAccessTokenAsync(app));
            wrong += token?.Value == "token-of-" + app.AppId ? 0 : 1;
        }

        wrong.Should().Be(0, "every caller gets its own app's token at once, even when the cache refuses to keep it");

        f.Source.CallCount.Should().Be(100_000);
        f.Provider.Count.Should().BeLessThanOrEqualTo(WechatTokenCachingOptions.DefaultSizeLimit);
        long Refused() => refused.GetMeasurementSnapshot().EvaluateAsCounter();
        long Evicted() => evicted.GetMeasurementSnapshot().EvaluateAsCounter();

        // Each fetched token is cached, refused or compacted away; none disappears without being counted, and each
        // refused add and eviction is logged. MemoryCache compacts on the thread pool, so a compaction it queued may
        // still run after the loop: wait until one consistent reading of counters, store and logs agrees.
        int LoggedRefused() => f.Logger.Collector.GetSnapshot().Count(r => r.Id.Id == 1203);
        int LoggedEvicted() => f.Logger.Collector.GetSnapshot().Count(r => r.Id.Id == 1204);
        await Eventually.True(
            () =>
            {
                var (r, e) = (Refused(), Evicted());
                return r + e + f.Provider.Count == 100_000 && LoggedRefused() == r && LoggedEvicted() == e;
            },
            "refused + evicted + cached accounts for every token, and every refused add and eviction is logged");
        Refused().Should().BeGreaterThan(0);
        Evicted().Should().BeGreaterThan(0);

        // A token that was not kept is not silently fetched again per request: its next call is a counted miss.
        var missesBefore = misses.GetMeasurementSnapshot().EvaluateAsCounter();
        var uncached = apps.First(a => !f.Provider.TryGetState(a, out _));
        await f.Provider.GetAccessTokenAsync(uncached);
        misses.GetMeasurementSnapshot().EvaluateAsCounter().Should().Be(missesBefore + 1);
    }

    [Fact]
    public async Task GetAccessTokenAsync_SmallSizeLimit_HoldsAtMostThatManyTokens()
    {
        using var f = new CacheFixture(o => o.SizeLimit = 3);
        using var refused = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.RefusedAddsInstrumentName);

        for (var i = 0; i < 4; i++)
        {
            await f.Provider.GetAccessTokenAsync(CacheFixture.App(i));
        }

        f.Provider.Count.Should().BeLessThanOrEqualTo(3);
        await Eventually.True(() => refused.GetMeasurementSnapshot().EvaluateAsCounter() >= 1, "the fourth token is refused");
        f.Logger.Collector.GetSnapshot().Should().Contain(r => r.Id.Id == 1203 && r.Message.Contains("SizeLimit 3", StringComparison.Ordinal));
    }
}
