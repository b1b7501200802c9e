namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed partial class CachingWechatTokenProviderTests
{
    [Fact]
    public async Task GetAccessTokenAsync_EntryCompactedAwayBySizePressure_NoLongerServedAndNextCallFetches()
    {
        // SizeLimit 20: the store compacts 5 % (one entry) when a 21st token does not fit.
        const int Limit = 20;
        using var f = new CacheFixture(o => o.SizeLimit = Limit);
        using var evicted = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.EvictionsInstrumentName);
        using var refused = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.RefusedAddsInstrumentName);
        var apps = Enumerable.Range(0, Limit + 1).Select(CacheFixture.App).ToArray();
        var tokens = new WechatAccessToken[Limit + 1];
        for (var i = 0; i < Limit; i++)
        {
            tokens[i] = await f.Provider.GetAccessTokenAsync(apps[i]);
            Sync.Result(f.Provider.GetAccessTokenAsync(apps[i])).Should().BeSameAs(tokens[i], "a stored token is a hit");
        }

        f.Source.CallCount.Should().Be(Limit);

        // The 21st token does not fit: the store refuses it and compacts one of the others away.
        tokens[Limit] = await f.Provider.GetAccessTokenAsync(apps[Limit]);
        await Eventually.True(
            () => CacheFixture.Total(evicted) >= 1 && CacheFixture.Total(refused) + CacheFixture.Total(evicted) + f.Provider.Count == Limit + 1,
            "a stored token was compacted away");

        // Exactly the tokens the store still holds are hits; each of the others is fetched again, not served.
        var (held, hits, misses) = await ProbeAsync(f, evicted, apps, tokens);

        hits.Should().Be(held);
        misses.Should().HaveCount((int)(CacheFixture.Total(evicted) + CacheFixture.Total(refused)));
        await FetchAgainAsync(f, apps, tokens, misses);
        f.Source.CallCount.Should().Be(Limit + 1 + misses.Count, "one fetch for each token that was not kept");
    }

    [Fact]
    public async Task GetAccessTokenAsync_ManyAppsAgainstSmallSizeLimit_ServesExactlyTheTokensItHolds()
    {
        using var f = new CacheFixture(o => o.SizeLimit = 50);
        using var evicted = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.EvictionsInstrumentName);
        using var refused = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.RefusedAddsInstrumentName);
        var apps = Enumerable.Range(0, 500).Select(CacheFixture.App).ToArray();
        var tokens = new WechatAccessToken[apps.Length];
        for (var i = 0; i < apps.Length; i++)
        {
            tokens[i] = await f.Provider.GetAccessTokenAsync(apps[i]);
        }

        // MemoryCache compacts on the thread pool: wait until every token is accounted for as held, refused or evicted.
        await Eventually.True(
            () => CacheFixture.Total(refused) + CacheFixture.Total(evicted) + f.Provider.Count == 500,
            "every token is stored, refused or compacted away");

        var (held, hits, misses) = await ProbeAsync(f, evicted, apps, tokens);

        held.Should().BeInRange(1, 50, "the store is bounded by its SizeLimit");
        hits.Should().Be(held, "a token is served from the cache exactly while the store holds it");
        misses.Should().HaveCount(500 - hits);
        await FetchAgainAsync(f, apps, tokens, misses);
    }

    [Fact]
    public async Task GetAccessTokenAsync_RefreshReplacesEntry_ServesTheRenewedTokenOnly()
    {
        using var f = new CacheFixture();
        var first = await f.Provider.GetAccessTokenAsync(f.Credentials);
        f.Time.Advance(TimeSpan.FromSeconds(6900));

        Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first, "refresh-ahead serves at once");
        await Eventually.True(
            () => Sync.TryResult(f.Provider.GetAccessTokenAsync(f.Credentials))?.Value == "fake-token-000002", "the renewed token is cached");

        for (var i = 0; i < 100; i++)
        {
            Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials)).Value.Should().Be("fake-token-000002");
        }

        f.Provider.Count.Should().Be(1);
        f.Source.CallCount.Should().Be(2);
    }

    [Fact]
    public async Task GetAccessTokenAsync_StaleTokenReachesRealExpiry_NeverServedAgain()
    {
        using var f = new CacheFixture();
        var first = await f.Provider.GetAccessTokenAsync(f.Credentials);
        f.Source.Respond((_, _) => ValueTask.FromException<WechatAccessToken>(Outage));
        f.Time.Advance(TimeSpan.FromSeconds(7170));
        (await f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first, "fail-safe serves the still-valid token");

        f.Time.Advance(TimeSpan.FromSeconds(30)); // real expiry

        f.Provider.Count.Should().Be(0, "the expired entry leaves the store at its expiry");
        for (var i = 0; i < 3; i++)
        {
            (await f.Provider.Invoking(p => p.GetAccessTokenAsync(f.Credentials).AsTask()).Should().ThrowAsync<WechatTokenException>())
                .Which.Should().BeSameAs(Outage);
        }
    }

    [Fact]
    public async Task Dispose_WithCachedEntries_ServesNothingMore()
    {
        var f = new CacheFixture();
        for (var i = 0; i < 5; i++)
        {
            await f.Provider.GetAccessTokenAsync(CacheFixture.App(i));
        }

        f.Provider.Count.Should().Be(5);

        f.Dispose();

        f.Provider.Count.Should().Be(0);
        for (var i = 0; i < 5; i++)
        {
            await f.Provider.Invoking(p => p.GetAccessTokenAsync(CacheFixture.App(i)).AsTask()).Should().ThrowAsync<ObjectDisposedException>();
        }

        f.Source.CallCount.Should().Be(5);
    }

    /// <summary>
    /// Asks every app once with an already-cancelled token, which a hit ignores and a miss answers with cancellation
    /// (without fetching): counts the hits (each must be the app's own cached token) and lists the misses, together with
    /// how many tokens the store held. MemoryCache may still be compacting on the thread pool: a pass during which an
    /// eviction happened is not a consistent reading, and is taken again.
    /// </summary>
    private static async Task<(int Held, int Hits, List<int> Misses)> ProbeAsync(
        CacheFixture f, MetricCollector<long> evicted, WechatAppCredentials[] apps, WechatAccessToken[] tokens)
    {
        for (var pass = 0; ; pass++)
        {
            var (held, evictedBefore) = (f.Provider.Count, CacheFixture.Total(evicted));
            var hits = 0;
            var misses = new List<int>();
            for (var i = 0; i < apps.Length; i++)
            {
                if (Sync.Probe(f.Provider, apps[i]) is { } token)
                {
                    token.Should().BeSameAs(tokens[i], "a hit is the app's own token");
                    hits++;
                }
                else
                {
                    misses.Add(i);
                }
            }

            if (CacheFixture.Total(evicted) == evictedBefore && f.Provider.Count == held)
            {
                return ((int)held, hits, misses);
            }

            pass.Should().BeLessThan(20, "MemoryCache's compaction ends");
            await Task.Delay(10);
        }
    }

    private static async Task FetchAgainAsync(CacheFixture f, WechatAppCredentials[] apps, WechatAccessToken[] tokens, List<int> misses)
    {
        var calls = f.Source.CallCount;
        foreach (var i in misses)
        {
            (await f.Provider.GetAccessTokenAsync(apps[i])).Should().NotBeSameAs(tokens[i], "a token that was not kept is fetched again");
        }

        f.Source.CallCount.Should().Be(calls + misses.Count);
    }
}
