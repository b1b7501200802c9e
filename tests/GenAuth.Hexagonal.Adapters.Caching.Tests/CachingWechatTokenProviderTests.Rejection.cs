using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed partial class CachingWechatTokenProviderTests
{
    [Fact]
    public async Task InvalidateAsync_50SequentialRejectionsAndSourceKeepsReturningTheSameToken_AtMost3Fetches()
    {
        // A business API answers 40001 to every call; GenAuth's central cache keeps handing back the same token; the clock
        // is frozen. The handler's pattern: get, call, invalidate the rejected token, get once more and retry once.
        var source = new RefreshingSource(_ => new WechatAccessToken("central-cache-token-0001", CacheFixture.Start + TimeSpan.FromHours(2)));
        using var f = new CacheFixture(source: source);
        using var fetches = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.FetchesInstrumentName);
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        var errors = new List<WechatTokenException>();

        for (var call = 0; call < 50; call++)
        {
            for (var attempt = 0; attempt < 2; attempt++)
            {
                WechatAccessToken token;
                try
                {
                    token = await f.Provider.GetAccessTokenAsync(f.Credentials);
                }
                catch (WechatTokenException ex)
                {
                    errors.Add(ex);
                    break;
                }

                rejected.Should().NotContain(token.Value, "a token WeChat rejected is never served again");
                rejected.Add(token.Value);
                await f.Provider.InvalidateAsync(f.Credentials, token); // the business API answered 40001
            }
        }

        source.Calls.Count.Should().BeLessThanOrEqualTo(3);
        CacheFixture.Total(fetches).Should().Be(source.Calls.Count);
        source.Calls[0].Method.Should().Be(nameof(IWechatTokenProvider.GetAccessTokenAsync));
        source.Calls.Skip(1).Should().OnlyContain(c => c.Method == nameof(IWechatTokenRefresher.RefreshAsync) && c.Rejected!.Value == "central-cache-token-0001",
            "fetches after a rejection hand the rejected token to the source");
        errors.Should().HaveCount(50);
        errors.Should().OnlyContain(e => e.IsTransient && e.WechatErrorCode == 40001 && e.AppId == f.Credentials.AppId && e.Upstream == WechatTokenSource.Wechat);
        errors[^1].Message.Should().Contain("next attempt is due at " + (CacheFixture.Start + TimeSpan.FromSeconds(1)).ToString("O"))
            .And.NotContain("central-cache-token-0001").And.NotContain(CacheFixture.Secret);
        (await f.HealthAsync()).Status.Should().Be(HealthStatus.Unhealthy, "the configured app has no usable token");
    }

    [Fact]
    public async Task InvalidateAsync_SourceKeepsReturningTheRejectedToken_FetchesSpacedByTheBackoffThenRecovers()
    {
        var source = new RefreshingSource(_ => new WechatAccessToken("central-cache-token-0002", CacheFixture.Start + TimeSpan.FromHours(2)));
        using var f = new CacheFixture(source: source);
        var token = await f.Provider.GetAccessTokenAsync(f.Credentials);
        await f.Provider.InvalidateAsync(f.Credentials, token);

        // 1st fetch at once (returns the rejected token), then 1, 2, 4, 8 s after each further one.
        double[] spacing = [1, 2, 4, 8];
        await CallExpectingRejectionAsync(f);
        source.Calls.Should().HaveCount(2);
        foreach (var seconds in spacing)
        {
            f.Time.Advance(TimeSpan.FromSeconds(seconds) - TimeSpan.FromMilliseconds(1));
            await CallExpectingRejectionAsync(f);
            var before = source.Calls.Count;
            f.Time.Advance(TimeSpan.FromMilliseconds(1));
            await CallExpectingRejectionAsync(f);
            source.Calls.Should().HaveCount(before + 1, "one fetch when the delay of {0} s is over, none before", seconds);
        }

        source.Answer = _ => f.Token("central-cache-token-0003", TimeSpan.FromHours(2));
        f.Time.Advance(TimeSpan.FromSeconds(16));
        (await f.Provider.GetAccessTokenAsync(f.Credentials)).Value.Should().Be("central-cache-token-0003");
        Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials)).Value.Should().Be("central-cache-token-0003");
        (await f.HealthAsync()).Status.Should().Be(HealthStatus.Healthy);
    }

    [Fact]
    public async Task InvalidateAsync_EveryNewTokenRejectedToo_FurtherFetchesSpaced()
    {
        // A misconfigured app: each token the source hands out is rejected in turn. The clock is frozen.
        var issued = 0;
        var source = new RefreshingSource(_ => new WechatAccessToken($"new-token-{Interlocked.Increment(ref issued):D6}", CacheFixture.Start + TimeSpan.FromHours(2)));
        using var f = new CacheFixture(source: source);
        for (var call = 0; call < 50; call++)
        {
            try
            {
                var token = await f.Provider.GetAccessTokenAsync(f.Credentials);
                await f.Provider.InvalidateAsync(f.Credentials, token);
            }
            catch (WechatTokenException ex) when (ex.WechatErrorCode == 40001)
            {
            }
        }

        source.Calls.Count.Should().BeLessThanOrEqualTo(3, "after the first fetch that follows a rejection, fetches for the app wait for the backoff");
    }

    [Fact]
    public async Task InvalidateAsync_SameAppTwoSecretsOneRejection_NeitherServesTheRejectedToken()
    {
        // A token belongs to the app, not to the secret (two valid secrets during a rotation, say).
        var source = new RefreshingSource(_ => new WechatAccessToken("app-wide-token-000001", CacheFixture.Start + TimeSpan.FromHours(2)));
        using var f = new CacheFixture(source: source);
        using var invalidations = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.InvalidationsInstrumentName);
        var other = new WechatAppCredentials(f.Credentials.AppId, "fake-rotated-secret-for-tests-02");
        var token = await f.Provider.GetAccessTokenAsync(f.Credentials);
        (await f.Provider.GetAccessTokenAsync(other)).Value.Should().Be(token.Value);
        source.Calls.Should().HaveCount(2, "each secret is its own entry");

        await f.Provider.InvalidateAsync(f.Credentials, token);

        CacheFixture.Total(invalidations).Should().Be(2, "both entries held the rejected token");
        f.Provider.Count.Should().Be(0);
        foreach (var credentials in new[] { f.Credentials, other, f.Credentials, other })
        {
            await f.Provider.Invoking(p => p.GetAccessTokenAsync(credentials).AsTask())
                .Should().ThrowAsync<WechatTokenException>().Where(e => e.WechatErrorCode == 40001);
        }

        source.Answer = _ => f.Token("app-wide-token-000002", TimeSpan.FromHours(2));
        f.Time.Advance(TimeSpan.FromSeconds(1));
        (await f.Provider.GetAccessTokenAsync(other)).Value.Should().Be("app-wide-token-000002");
        (await f.Provider.GetAccessTokenAsync(f.Credentials)).Value.Should().Be("app-wide-token-000002");
    }

    [Fact]
    public async Task InvalidateAsync_OtherAppsToken_LeavesThisAppAlone()
    {
        using var f = new CacheFixture();
        var mine = await f.Provider.GetAccessTokenAsync(f.Credentials);
        var theirs = await f.Provider.GetAccessTokenAsync(CacheFixture.App(9));

        await f.Provider.InvalidateAsync(CacheFixture.App(9), mine); // reported under the wrong app: not this app's token

        Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(mine);
        Sync.Result(f.Provider.GetAccessTokenAsync(CacheFixture.App(9))).Should().BeSameAs(theirs);
        f.Source.CallCount.Should().Be(2);
    }

    [Fact]
    public async Task InvalidateAsync_SourceWithoutRefresher_FetchesThroughGetAccessTokenAsync()
    {
        using var f = new CacheFixture();
        var first = await f.Provider.GetAccessTokenAsync(f.Credentials);
        f.Source.EnqueueToken(first); // hands the rejected token back once, then new ones

        await f.Provider.InvalidateAsync(f.Credentials, first);
        var error = (await f.Provider.Invoking(p => p.GetAccessTokenAsync(f.Credentials).AsTask())
            .Should().ThrowAsync<WechatTokenException>()).Which;

        error.WechatErrorCode.Should().Be(40001);
        error.IsTransient.Should().BeTrue();
        f.Source.CallCount.Should().Be(2);
        f.Logger.Collector.GetSnapshot().Should().Contain(r => r.Id.Id == 1214);
        f.Time.Advance(TimeSpan.FromSeconds(1));
        (await f.Provider.GetAccessTokenAsync(f.Credentials)).Should().NotBeSameAs(first);
        f.Source.CallCount.Should().Be(3);
    }

    [Fact]
    public async Task GetAccessTokenAsync_RefreshHandsBackAnOlderRejectedToken_CurrentTokenStaysInServiceUntilItExpires()
    {
        // T1 was rejected and replaced by T2; when T2's refresh comes, the source hands back T1 again (a stale central cache).
        var source = new RefreshingSource(_ => new WechatAccessToken("rejected-token-000001", CacheFixture.Start + TimeSpan.FromHours(2)));
        using var f = new CacheFixture(source: source);
        using var failures = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.RefreshFailuresInstrumentName);
        var t1 = await f.Provider.GetAccessTokenAsync(f.Credentials);
        await f.Provider.InvalidateAsync(f.Credentials, t1);
        source.Answer = _ => f.Token("current-token-000002", TimeSpan.FromHours(1));
        var t2 = await f.Provider.GetAccessTokenAsync(f.Credentials);
        source.Answer = _ => t1;

        f.Time.Advance(TimeSpan.FromMinutes(56)); // T2's soft moment (1 h − 5 min) plus a minute
        Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(t2);
        await Eventually.True(() => CacheFixture.Total(failures) == 1, "the refresh asked and got the rejected token back: a failed answer");
        source.Calls.Should().HaveCount(3);
        f.Time.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(40)); // past T2's hard moment

        for (var i = 0; i < 10; i++)
        {
            Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(t2, "T2 is still valid and T1 is no answer");
        }

        f.Time.Advance(TimeSpan.FromSeconds(20)); // T2's real expiry
        await f.Provider.Invoking(p => p.GetAccessTokenAsync(f.Credentials).AsTask())
            .Should().ThrowAsync<WechatTokenException>().Where(e => e.WechatErrorCode == 40001);
    }

    private static async Task CallExpectingRejectionAsync(CacheFixture f) =>
        await f.Provider.Invoking(p => p.GetAccessTokenAsync(f.Credentials).AsTask())
            .Should().ThrowAsync<WechatTokenException>().Where(e => e.WechatErrorCode == 40001 && e.IsTransient);
}
