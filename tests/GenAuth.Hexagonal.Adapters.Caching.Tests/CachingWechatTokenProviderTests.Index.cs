namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed partial class CachingWechatTokenProviderTests
{
    [Fact]
    public async Task GetAccessTokenAsync_EntryCompactedAwayBySizePressure_IndexStopsServingItAndNextCallFetches()
    {
        // SizeLimit 20: the store compacts 5 % (one entry) when a 21st token does not fit.
        const int Limit = 20;
        using var f = new CacheFixture(o => o.SizeLimit = Limit);
        using var evicted = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.EvictionsInstrumentName);
        using var refused = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.RefusedAddsInstrumentName);
        var apps = Enumerable.Range(0, Limit + 1).Select(CacheFixture.App).ToArray();
        var tokens = new WechatAccessToken[Limit];
        for (var i = 0; i < Limit; i++)
        {
            tokens[i] = await f.Provider.GetAccessTokenAsync(apps[i]);
            Sync.Result(f.Provider.GetAccessTokenAsync(apps[i])).Should().BeSameAs(tokens[i], "a stored token is served from the index");
            f.Provider.IsIndexed(apps[i], tokens[i]).Should().BeTrue();
        }

        f.Source.CallCount.Should().Be(Limit);

        // The 21st token does not fit: the store refuses it and compacts one of the others away.
        await f.Provider.GetAccessTokenAsync(apps[Limit]);
        long Evicted() => evicted.GetMeasurementSnapshot().EvaluateAsCounter();
        long Refused() => refused.GetMeasurementSnapshot().EvaluateAsCounter();
        await Eventually.True(() => Evicted() >= 1 && Refused() + Evicted() + f.Provider.Count == Limit + 1, "a stored token was compacted away");
        await Eventually.True(() => f.Provider.IndexedCount == f.Provider.Count, "the index drops what the store dropped");

        var gone = Enumerable.Range(0, Limit).Where(i => !f.Provider.TryGetState(apps[i], out _)).ToArray();
        gone.Should().NotBeEmpty();
        foreach (var i in gone)
        {
            f.Provider.IsIndexed(apps[i], tokens[i]).Should().BeFalse("app {0} was compacted out of the store", i);
        }

        foreach (var i in Enumerable.Range(0, Limit).Except(gone))
        {
            Sync.Result(f.Provider.GetAccessTokenAsync(apps[i])).Should().BeSameAs(tokens[i], "app {0} is still stored", i);
        }

        var calls = f.Source.CallCount;
        var again = await f.Provider.GetAccessTokenAsync(apps[gone[0]]);
        f.Source.CallCount.Should().Be(calls + 1, "an evicted token is fetched again, not served from the index");
        again.Should().NotBeSameAs(tokens[gone[0]]);
    }

    [Fact]
    public async Task GetAccessTokenAsync_ManyAppsAgainstSmallSizeLimit_IndexHoldsExactlyTheStoredEntries()
    {
        using var f = new CacheFixture(o => o.SizeLimit = 50);
        using var evicted = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.EvictionsInstrumentName);
        using var refused = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.RefusedAddsInstrumentName);
        var apps = Enumerable.Range(0, 500).Select(CacheFixture.App).ToArray();
        var tokens = new Dictionary<string, WechatAccessToken>(StringComparer.Ordinal);
        foreach (var app in apps)
        {
            tokens[app.AppId] = await f.Provider.GetAccessTokenAsync(app);
        }

        await Eventually.True(
            () => refused.GetMeasurementSnapshot().EvaluateAsCounter() + evicted.GetMeasurementSnapshot().EvaluateAsCounter() + f.Provider.Count == 500,
            "every token is stored, refused or compacted away");

        // A compaction the last refused add scheduled may still be under way: wait for the store and index to settle.
        string[] Mismatched() => [.. apps.Where(a => f.Provider.IsIndexed(a, tokens[a.AppId]) != f.Provider.TryGetState(a, out _)).Select(a => a.AppId)];
        await Eventually.True(
            () => f.Provider.IndexedCount == f.Provider.Count && Mismatched().Length == 0,
            "each app is indexed exactly when the store holds it");

        f.Provider.IndexedCount.Should().BeLessThanOrEqualTo(50, "the index is bounded by the store's SizeLimit");
        f.Provider.IndexedCount.Should().BePositive();
        Mismatched().Should().BeEmpty();
    }

    [Fact]
    public async Task InvalidateAsync_ExactToken_RemovesItFromIndexWhileOlderTokensInvalidationKeepsNewerServed()
    {
        using var f = new CacheFixture();
        var old = await f.Provider.GetAccessTokenAsync(f.Credentials);
        Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(old);
        f.Provider.IsIndexed(f.Credentials, old).Should().BeTrue();

        await f.Provider.InvalidateAsync(f.Credentials, old);

        f.Provider.IsIndexed(f.Credentials, old).Should().BeFalse();
        f.Provider.IndexedCount.Should().Be(0);
        var call = f.Provider.GetAccessTokenAsync(f.Credentials);
        var newer = await call;
        f.Source.CallCount.Should().Be(2, "the invalidated token is not served from the index");
        newer.Value.Should().Be("fake-token-000002");
        f.Provider.IsIndexed(f.Credentials, newer).Should().BeTrue();

        // A late rejection of the old token must not remove the newer entry from the index.
        await f.Provider.InvalidateAsync(f.Credentials, old);

        f.Provider.IsIndexed(f.Credentials, newer).Should().BeTrue();
        Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(newer);
        f.Source.CallCount.Should().Be(2);
    }

    [Fact]
    public async Task GetAccessTokenAsync_RefreshReplacesEntry_IndexServesTheRenewedTokenOnly()
    {
        using var f = new CacheFixture();
        var first = await f.Provider.GetAccessTokenAsync(f.Credentials);
        f.Time.Advance(TimeSpan.FromSeconds(6900));

        Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first, "refresh-ahead serves at once");
        await Eventually.True(() => f.Provider.TryGetState(f.Credentials, out var s) && s == WechatTokenState.Fresh, "the renewed token is cached");

        var renewed = Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials));
        renewed.Value.Should().Be("fake-token-000002");
        f.Provider.IsIndexed(f.Credentials, renewed).Should().BeTrue();
        f.Provider.IsIndexed(f.Credentials, first).Should().BeFalse();
        f.Provider.IndexedCount.Should().Be(1);
        f.Source.CallCount.Should().Be(2);
    }

    [Fact]
    public async Task GetAccessTokenAsync_StaleTokenReachesRealExpiry_RemovedFromIndex()
    {
        using var f = new CacheFixture();
        var first = await f.Provider.GetAccessTokenAsync(f.Credentials);
        f.Source.Respond((_, _) => ValueTask.FromException<WechatAccessToken>(Outage));
        f.Time.Advance(TimeSpan.FromSeconds(7170));
        (await f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first, "fail-safe serves the still-valid token");

        f.Time.Advance(TimeSpan.FromSeconds(30)); // real expiry

        await Eventually.True(() => f.Provider.IndexedCount == 0, "the expired entry leaves the index");
        f.Provider.IsIndexed(f.Credentials, first).Should().BeFalse();
    }

    [Fact]
    public async Task Dispose_WithIndexedEntries_EmptiesTheIndex()
    {
        var f = new CacheFixture();
        for (var i = 0; i < 5; i++)
        {
            await f.Provider.GetAccessTokenAsync(CacheFixture.App(i));
        }

        f.Provider.IndexedCount.Should().Be(5);

        f.Dispose();

        f.Provider.IndexedCount.Should().Be(0);
        await f.Provider.Invoking(p => p.GetAccessTokenAsync(CacheFixture.App(0)).AsTask()).Should().ThrowAsync<ObjectDisposedException>();
    }
}
