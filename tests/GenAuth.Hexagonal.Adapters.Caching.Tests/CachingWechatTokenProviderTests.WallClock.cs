using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed partial class CachingWechatTokenProviderTests
{
    [Fact]
    public async Task GetAccessTokenAsync_WallClockJumps3HoursWhileTimersStaySilent_OldTokenNotServedAgain()
    {
        // As after a suspended process, a paused VM or a clock step: the wall clock moves 3 h, the timers notice nothing.
        var time = new JumpingTimeProvider(CacheFixture.Start);
        var source = new FakeWechatTokenProvider(time);
        using var f = new CacheFixture(source: source, time: time);
        var first = await f.Provider.GetAccessTokenAsync(f.Credentials);
        Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first);

        time.Jump(TimeSpan.FromHours(3)); // the token expired an hour ago

        var next = await PollUntilNotAsync(f, first);
        next.Should().NotBeSameAs(first, "within a second of the jump a caller no longer gets the expired token");
        for (var i = 0; i < 100; i++)
        {
            (await f.Provider.GetAccessTokenAsync(f.Credentials)).Should().NotBeSameAs(first);
        }

        source.CallCount.Should().Be(2);
    }

    [Fact]
    public async Task GetAccessTokenAsync_NoTimerEverFires_HitsStillFollowTheWallClock()
    {
        // A starved thread pool runs no timer callback, the scheduler's heartbeat included: hits must follow the wall clock
        // all the same (its reading is renewed by a thread of its own, and every slow path reads the clock itself).
        var time = new SilentTimersTimeProvider(CacheFixture.Start);
        var source = new FakeWechatTokenProvider(time);
        using var f = new CacheFixture(o => o.HeartbeatTimeProvider = time, source: source, time: time);
        using var refreshes = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.RefreshesInstrumentName);
        var first = await f.Provider.GetAccessTokenAsync(f.Credentials);

        time.Advance(TimeSpan.FromSeconds(6900)); // soft: the next call after at most a second starts the refresh
        var served = await PollUntilAsync(f, () => CacheFixture.Total(refreshes) == 1);
        served.Should().BeSameAs(first, "refresh-ahead still serves the cached token");
        await Eventually.True(() => source.CallCount == 2, "the background refresh ran");

        var renewed = await f.Provider.GetAccessTokenAsync(f.Credentials);
        renewed.Should().NotBeSameAs(first);
        time.Advance(TimeSpan.FromHours(3)); // past the renewed token's real expiry, and no timer to say so

        (await PollUntilNotAsync(f, renewed)).Should().NotBeSameAs(renewed);
        source.CallCount.Should().Be(3);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(365)]
    public async Task GetAccessTokenAsync_TokenLivesLongerThanRuntimeTimersReach_OneUpstreamCallNoErrorHealthy(int days)
    {
        // TimeProvider.System timers refuse due times above ~49.7 days; such tokens must still be cached, not refetched.
        using var f = new CacheFixture(systemClock: true);
        f.Source.Respond((_, _) => ValueTask.FromResult(new WechatAccessToken($"long-lived-token-{days:D4}", DateTimeOffset.UtcNow + TimeSpan.FromDays(days))));
        var first = await f.Provider.GetAccessTokenAsync(f.Credentials);

        var calls = 0;
        for (var running = Stopwatch.StartNew(); running.Elapsed < TimeSpan.FromSeconds(3); calls++)
        {
            (await f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first);
            await Task.Delay(5);
        }

        calls.Should().BeGreaterThan(10);
        f.Source.CallCount.Should().Be(1, "one upstream call for the whole token lifetime");
        (await f.HealthAsync()).Status.Should().Be(HealthStatus.Healthy);
        f.Logger.Collector.GetSnapshot().Should().NotContain(r => r.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task GetAccessTokenAsync_OneYearTokenOnFakeClock_RefreshStartsAtItsSoftMomentAYearLater()
    {
        using var f = new CacheFixture();
        using var refreshes = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.RefreshesInstrumentName);
        f.Source.TokenLifetime = TimeSpan.FromDays(365);
        var first = await f.Provider.GetAccessTokenAsync(f.Credentials);

        for (var day = 0; day < 364; day++)
        {
            f.Time.Advance(TimeSpan.FromDays(1));
            Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first);
        }

        f.Time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(5)); // the soft moment: expiresAt − 5 min
        Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first);
        CacheFixture.Total(refreshes).Should().Be(1);
        await Eventually.True(() => f.Source.CallCount == 2, "one refresh, a year after the first fetch");
    }

    /// <summary>Calls until the answer is not <paramref name="old"/> (bounded: 10 s, far above the 1 s the rule allows).</summary>
    private static async Task<WechatAccessToken?> PollUntilNotAsync(CacheFixture f, WechatAccessToken old)
    {
        WechatAccessToken? got = old;
        for (var waited = Stopwatch.StartNew(); ReferenceEquals(got, old) && waited.Elapsed < TimeSpan.FromSeconds(10);)
        {
            try
            {
                got = await f.Provider.GetAccessTokenAsync(f.Credentials);
            }
            catch (WechatTokenException)
            {
                got = null;
            }

            if (ReferenceEquals(got, old))
            {
                await Task.Delay(20);
            }
        }

        return got;
    }

    /// <summary>Calls until <paramref name="condition"/> holds after a call (bounded: 10 s); returns the last answer.</summary>
    private static async Task<WechatAccessToken> PollUntilAsync(CacheFixture f, Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var token = await f.Provider.GetAccessTokenAsync(f.Credentials);
            if (condition() || waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                condition().Should().BeTrue("the condition holds within a second of the clock moving");
                return token;
            }

            await Task.Delay(20);
        }
    }
}
