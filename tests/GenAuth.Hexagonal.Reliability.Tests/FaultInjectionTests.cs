using GenAuth.Hexagonal.Adapters.Caching;
using GenAuth.Hexagonal.Adapters.GenAuth;
using GenAuth.Hexagonal.Reliability.Tests.Infrastructure;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GenAuth.Hexagonal.Reliability.Tests;

/// <summary>
/// Faults injected by the emulator while the cache refreshes: the cache clock (and the emulator's token clock) is a
/// FakeTimeProvider, the upstream is real loopback HTTP on the real clock. While the cached token is valid every call
/// is served from the cache; refresh attempts follow the backoff schedule; after recovery the next refresh succeeds.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class FaultInjectionTests
{
    private const string Path = GenAuthDefaults.WeixinAccessTokenEndpoint;
    private const int HttpAttemptsPerFetch = 2; // MaxRetryAttempts = 1
    private const int CallsPerStep = 500;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static readonly double[] Schedule = [1, 2, 4, 8]; // RefreshRetryDelay 1 s, doubling, jitter fixed at the midpoint

    /// <summary>Before expiry, just past the latest soft moment a 2-hour token can draw (expiresAt − 5 min + ⅔ × 270 s).</summary>
    private static readonly TimeSpan LatestSoftMoment = TimeSpan.FromSeconds(119);

    public static TheoryData<string> Outages() => ["timeouts", "5xx burst", "dropped connections"];

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task RefreshAhead_UpstreamDown_EveryCallServedFromCacheAttemptsFollowBackoffThenRecovers(string outage)
    {
        await using var rig = await Rig.StartAsync(outage == "timeouts" ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(3));
        var first = await rig.Cache.GetAccessTokenAsync(TestSecrets.Credentials);
        using var fetches = new MetricCollector<long>(null, WechatTokenCachingDiagnostics.MeterName, WechatTokenCachingDiagnostics.FetchesInstrumentName);
        using var delays = new MetricCollector<double>(null, WechatTokenCachingDiagnostics.MeterName, WechatTokenCachingDiagnostics.RefreshRetryDelayInstrumentName);
        rig.Emulator.ResetCounters();
        var fault = outage switch
        {
            "timeouts" => EmulatorFault.Latency(TimeSpan.FromSeconds(5)),
            "5xx burst" => EmulatorFault.HttpStatus(503, "<html>503 Service Unavailable</html>"),
            _ => EmulatorFault.DropConnection(),
        };
        rig.Emulator.InjectFault(fault, 1000, Path);

        // Into the refresh-ahead window, past the latest soft moment (soft moments are spread over the first two thirds of
        // the window, 300 to 120 s before expiry): the next call starts the background refresh and gets the cached token at once.
        rig.Time.Advance(first.ExpiresAt - rig.Time.GetUtcNow() - LatestSoftMoment);
        long served = 0;
        for (var attempt = 1; attempt <= Schedule.Length; attempt++)
        {
            served += ServeFromCache(rig.Cache, first);
            await Until(() => delays.GetMeasurementSnapshot().Count >= attempt, $"refresh attempt {attempt} failed and its backoff started");
            served += ServeFromCache(rig.Cache, first);

            fetches.GetMeasurementSnapshot().Count.Should().Be(attempt, "one upstream fetch per scheduled attempt, never one per call");
            rig.Emulator.RequestCount(Path).Should().Be(attempt * HttpAttemptsPerFetch, "each fetch is one try plus one HTTP retry");
            delays.GetMeasurementSnapshot().Select(m => m.Value).Should().Equal(Schedule.Take(attempt), "the backoff doubles from RefreshRetryDelay");

            var delay = TimeSpan.FromSeconds(Schedule[attempt - 1]);
            if (attempt == Schedule.Length)
            {
                rig.Emulator.ClearFaults(); // upstream recovers before the next scheduled attempt
            }

            rig.Time.Advance(delay - TimeSpan.FromMilliseconds(1));
            fetches.GetMeasurementSnapshot().Count.Should().Be(attempt, "no attempt before its backoff has elapsed");
            rig.Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        // After recovery the next refresh succeeds: GenAuth hands out the renewed token and the cache switches to it.
        WechatAccessToken? renewed = null;
        await Until(() => (renewed = Current(rig.Cache)).Value != first.Value, "the refresh after recovery replaced the token");
        renewed!.ExpiresAt.Should().BeAfter(first.ExpiresAt);
        fetches.GetMeasurementSnapshot().Count.Should().Be(Schedule.Length + 1);
        rig.Emulator.RequestCount(Path).Should().BeInRange(
            (Schedule.Length * HttpAttemptsPerFetch) + 1, (Schedule.Length * HttpAttemptsPerFetch) + 2, "one good answer (one HTTP retry allowed if the machine stalls past the timeout)");
        ReliabilityFigures.FaultsInjected(Schedule.Length * HttpAttemptsPerFetch);
        ReliabilityFigures.CallsDuringFaults(served, 0);
        ReliabilityFigures.FaultSurvived();
    }

    [Fact]
    public async Task RefreshAhead_SlowUpstream_CallsNeverWaitAndOneRefreshReplacesToken()
    {
        await using var rig = await Rig.StartAsync();
        var first = await rig.Cache.GetAccessTokenAsync(TestSecrets.Credentials);
        rig.Emulator.ResetCounters();
        rig.Emulator.InjectFault(EmulatorFault.Latency(TimeSpan.FromMilliseconds(200)), 1, Path);
        rig.Time.Advance(first.ExpiresAt - rig.Time.GetUtcNow() - LatestSoftMoment);

        var served = ServeFromCache(rig.Cache, first);
        await Until(() => rig.Emulator.TotalRequestCount == 1, "the slow refresh reached upstream");
        served += ServeFromCache(rig.Cache, first);

        WechatAccessToken? renewed = null;
        await Until(() => (renewed = Current(rig.Cache)).Value != first.Value, "the slow refresh replaced the token");
        renewed!.ExpiresAt.Should().BeAfter(first.ExpiresAt);
        rig.Emulator.TotalRequestCount.Should().Be(1, "one refresh, however many calls came during it");
        ReliabilityFigures.FaultsInjected(1);
        ReliabilityFigures.CallsDuringFaults(served, 0);
        ReliabilityFigures.FaultSurvived();
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    [InlineData(0)]
    public async Task ColdFetch_BurstShorterThanHttpRetries_CallerNeverSeesIt(int status)
    {
        await using var emulator = TestSecrets.Register(await WechatTokenEmulator.StartAsync());
        await using var stack = Stack.GenAuth(emulator, o => o.MaxRetryAttempts = 3);
        emulator.InjectFault(status == 0 ? EmulatorFault.DropConnection() : EmulatorFault.HttpStatus(status), 3, Path);

        var token = await stack.GetAsync();

        token.Value.Should().Be(emulator.CurrentWechatToken(TestSecrets.AppId));
        emulator.RequestCount(Path).Should().Be(4, "three failed attempts, then the good one");
        ReliabilityFigures.FaultsInjected(3);
        ReliabilityFigures.FaultSurvived();
    }

    [Fact]
    public async Task ColdFetch_BurstLongerThanHttpRetries_TransientErrorThenRecovers()
    {
        await using var emulator = TestSecrets.Register(await WechatTokenEmulator.StartAsync());
        await using var stack = Stack.GenAuth(emulator, o => o.MaxRetryAttempts = 2);
        emulator.InjectFault(EmulatorFault.HttpStatus(502, "<html>bad gateway</html>"), 3, Path);

        var act = async () => await stack.GetAsync();

        var failure = (await act.Should().ThrowAsync<WechatTokenException>()).Which;
        failure.IsTransient.Should().BeTrue();
        failure.HttpStatusCode.Should().Be(502);
        emulator.RequestCount(Path).Should().Be(3, "one try and two retries, no more");
        (await stack.GetAsync()).Value.Should().Be(emulator.CurrentWechatToken(TestSecrets.AppId));
        ReliabilityFigures.FaultsInjected(3);
        ReliabilityFigures.FaultSurvived();
    }

    /// <summary>Calls the cache repeatedly; every call must complete synchronously with <paramref name="expected"/>.</summary>
    private static long ServeFromCache(CachingWechatTokenProvider cache, WechatAccessToken expected)
    {
        for (var i = 0; i < CallsPerStep; i++)
        {
            var call = cache.GetAccessTokenAsync(TestSecrets.Credentials);
            if (!call.IsCompletedSuccessfully)
            {
                throw new Xunit.Sdk.XunitException("A valid cached token must be served at once, whatever upstream does; the call waited.");
            }

            call.Result.Should().BeSameAs(expected);
        }

        return CallsPerStep;
    }

    private static WechatAccessToken Current(CachingWechatTokenProvider cache)
    {
        var call = cache.GetAccessTokenAsync(TestSecrets.Credentials);
        return call.IsCompletedSuccessfully
            ? call.Result
            : throw new Xunit.Sdk.XunitException("A valid token must be cached throughout; the call waited.");
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"waiting for: {what}");
            await Task.Delay(10);
        }
    }

    /// <summary>Emulator and cache on one FakeTimeProvider; the GenAuth adapter and HTTP on the real clock.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private Rig(FakeTimeProvider time, WechatTokenEmulator emulator, Stack stack, CachingWechatTokenProvider cache)
        {
            Time = time;
            Emulator = emulator;
            Stack = stack;
            Cache = cache;
        }

        public FakeTimeProvider Time { get; }

        public WechatTokenEmulator Emulator { get; }

        public Stack Stack { get; }

        public CachingWechatTokenProvider Cache { get; }

        public static async Task<Rig> StartAsync(TimeSpan? timeout = null)
        {
            var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
            var emulator = TestSecrets.Register(await WechatTokenEmulator.StartAsync(new WechatTokenEmulatorOptions
            {
                TimeProvider = time,
                AllowedClockSkew = TimeSpan.FromDays(1), // requests are signed on the real clock
            }));
            var stack = Stack.GenAuth(emulator, o => { o.MaxRetryAttempts = 1; o.Timeout = timeout ?? TimeSpan.FromSeconds(3); }, caching: false);
            var cache = new CachingWechatTokenProvider(
                stack.Provider,
                Options.Create(new WechatTokenCachingOptions { RefreshRetryDelay = TimeSpan.FromSeconds(1), RefreshRetryMaxDelay = TimeSpan.FromSeconds(30) }),
                "GenAuth",
                time,
                jitter: () => 0.5);
            return new Rig(time, emulator, stack, cache);
        }

        public async ValueTask DisposeAsync()
        {
            Cache.Dispose();
            await Stack.DisposeAsync();
            await Emulator.DisposeAsync();
        }
    }
}
