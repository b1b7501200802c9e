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

        // Each fetched token is cached, refused or compacted away; none disappears without being counted.
        await Eventually.True(() => Refused() + Evicted() + f.Provider.Count == 100_000, "refused + evicted + cached accounts for every token");
        Refused().Should().BeGreaterThan(0);
        Evicted().Should().BeGreaterThan(0);
        var logs = f.Logger.Collector.GetSnapshot();
        logs.Count(r => r.Id.Id == 1203).Should().Be((int)Refused(), "every refused add is logged");
        logs.Count(r => r.Id.Id == 1204).Should().Be((int)Evicted(), "every eviction is logged");

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
