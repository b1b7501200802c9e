using System.Diagnostics;
using System.Globalization;

namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed partial class CachingWechatTokenProviderTests
{
    [Fact]
    public async Task GetAccessTokenAsync_100000AppsAgainstSizeLimit_EveryTokenReturnedAndEachRefusedOrEvictedOneCounted()
    {
        // System clock here: the scheduler's timers are real runtime timers (the tokens live 2 hours, nothing comes due).
        var started = Stopwatch.StartNew();
        var f = new CacheFixture(systemClock: true);
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

        // Each fetched token is cached, refused or compacted away; none disappears without being counted.
        long Refused() => CacheFixture.Total(refused);
        long Evicted() => CacheFixture.Total(evicted);
        // MemoryCache compacts on the thread pool, one queued compaction per refused add: on a loaded machine that backlog
        // takes a while to drain (and the first compaction may not have run when the loop ends).
        await Eventually.True(
            () => Evicted() > 0 && Refused() + Evicted() + f.Provider.Count == 100_000,
            "refused + evicted + cached accounts for every token, and the queued compactions evicted some",
            TimeSpan.FromMinutes(1));
        Refused().Should().BeGreaterThan(0);

        // A token that was not kept is not silently fetched again per request: its next call is a counted miss.
        var uncached = apps.First(a => Sync.Probe(f.Provider, a) is null);
        var missesBefore = CacheFixture.Total(misses);
        await f.Provider.GetAccessTokenAsync(uncached);
        CacheFixture.Total(misses).Should().Be(missesBefore + 1);

        // Refused adds and evictions are logged in aggregate: one Warning at the first, then at most one a minute, each with
        // its counts; disposal logs what is left. Together the Warnings account for every refused add and eviction.
        f.Dispose();
        var warnings = f.Logger.Collector.GetSnapshot().Where(r => r.Id.Id == 1213).ToList();
        warnings.Sum(r => long.Parse(r.GetStructuredStateValue("Refused")!, CultureInfo.InvariantCulture)).Should().Be(Refused());
        warnings.Sum(r => long.Parse(r.GetStructuredStateValue("Evicted")!, CultureInfo.InvariantCulture)).Should().Be(Evicted());
        warnings.Count.Should().BeLessThanOrEqualTo(2 + (int)started.Elapsed.TotalMinutes, "not one Warning per refused add or eviction");
        f.Logger.Collector.GetSnapshot().Should().NotContain(r => r.Id.Id == 1203 || r.Id.Id == 1204);
    }

    [Fact]
    public async Task GetAccessTokenAsync_StoreFull_OneWarningAtOnceThenOnePerMinuteWithCounts()
    {
        using var f = new CacheFixture(o => o.SizeLimit = 3);
        using var refused = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.RefusedAddsInstrumentName);
        using var evicted = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.EvictionsInstrumentName);
        List<Microsoft.Extensions.Logging.Testing.FakeLogRecord> Warnings() => [.. f.Logger.Collector.GetSnapshot().Where(r => r.Id.Id == 1213)];
        long Logged(string count) => Warnings().Sum(r => long.Parse(r.GetStructuredStateValue(count)!, CultureInfo.InvariantCulture));

        for (var i = 0; i < 50; i++)
        {
            await f.Provider.GetAccessTokenAsync(CacheFixture.App(i));
        }

        CacheFixture.Total(refused).Should().BeGreaterThan(10);
        Warnings().Should().ContainSingle("the first refused add is logged at once, the others wait for the end of the minute")
            .Which.Message.Should().Contain("SizeLimit 3").And.Contain("Wechat:Caching:SizeLimit");

        // Each minute of the injected clock sums up what happened since in one Warning (MemoryCache may still be compacting
        // on the thread pool, so a late eviction is reported a minute later).
        var minutes = 0;
        await Eventually.True(
            () =>
            {
                f.Time.Advance(TimeSpan.FromMinutes(1));
                minutes++;
                return Logged("Refused") == CacheFixture.Total(refused) && Logged("Evicted") == CacheFixture.Total(evicted);
            },
            "the Warnings account for every refused add and eviction");
        Warnings().Should().HaveCountLessThanOrEqualTo(1 + minutes).And.HaveCountGreaterThanOrEqualTo(2);

        var logged = Warnings().Count;
        f.Time.Advance(TimeSpan.FromMinutes(5));
        Warnings().Should().HaveCount(logged, "nothing new to report");
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
        await Eventually.True(() => CacheFixture.Total(refused) >= 1, "the fourth token is refused");
        f.Logger.Collector.GetSnapshot().Should().Contain(r => r.Id.Id == 1213 && r.Message.Contains("SizeLimit 3", StringComparison.Ordinal));
    }
}
