using System.Diagnostics.Metrics;
using GenAuth.Hexagonal.Adapters.Caching;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

/// <summary>A meter factory whose meters are scoped to it, so collectors never see other tests' measurements.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public MetricCollector<T> Collect<T>(string instrumentName)
        where T : struct => new(this, WechatTokenCachingDiagnostics.MeterName, instrumentName);

    public void Dispose()
    {
        lock (_meters)
        {
            _meters.ForEach(m => m.Dispose());
        }
    }
}

/// <summary>Everything a decorator test needs: fake clock, fake source, fake logger, scoped metrics.</summary>
internal sealed class CacheFixture : IDisposable
{
    public const string Secret = "fake-app-secret-for-tests-0001";

    /// <param name="configure">Options on top of the defaults. Soft moments are not spread (a seam set to 0) unless this sets one.</param>
    /// <param name="sourceName">The source's name in logs and metrics.</param>
    /// <param name="jitter">The retry jitter source's constant (0.5: no spread).</param>
    /// <param name="systemClock">Run the decorator on <see cref="TimeProvider.System"/> instead of <see cref="Time"/>.</param>
    /// <param name="source">The source; a <see cref="FakeWechatTokenProvider"/> on <see cref="Time"/> when null.</param>
    /// <param name="time">The decorator's clock, when neither <see cref="Time"/> nor the system clock.</param>
    public CacheFixture(
        Action<WechatTokenCachingOptions>? configure = null,
        string sourceName = "Fake",
        double jitter = 0.5,
        bool systemClock = false,
        IWechatTokenProvider? source = null,
        TimeProvider? time = null)
    {
        Options = new WechatTokenCachingOptions { SoftMomentSpread = () => 0 };
        configure?.Invoke(Options);
        Source = new FakeWechatTokenProvider(Time);
        Provider = new CachingWechatTokenProvider(
            source ?? Source,
            Microsoft.Extensions.Options.Options.Create(Options),
            sourceName,
            time ?? (systemClock ? TimeProvider.System : Time),
            Logger,
            Meters,
            () => jitter);
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public static DateTimeOffset Start { get; } = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    public FakeWechatTokenProvider Source { get; }

    public FakeLogger Logger { get; } = new();

    public TestMeterFactory Meters { get; } = new();

    public WechatTokenCachingOptions Options { get; }

    public CachingWechatTokenProvider Provider { get; }

    public WechatAppCredentials Credentials { get; } = new("wx00000000000000a1", Secret);

    public static WechatAppCredentials App(int i) =>
        new($"wx{i:D16}", $"fake-app-secret-for-tests-{i:D6}");

    public WechatAccessToken Token(string value, TimeSpan lifetime) => new(value, Time.GetUtcNow() + lifetime);

    /// <summary>A catalog holding <see cref="Credentials"/> as the configured app "mini".</summary>
    public IWechatAppCatalog Catalog() => new WechatAppCatalog([KeyValuePair.Create("mini", Credentials)]);

    /// <summary>The health check with <see cref="Catalog"/>: <see cref="Credentials"/> is a configured app, others are ad hoc.</summary>
    public Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> HealthAsync(bool includeAppIds = false) =>
        new WechatTokenCacheHealthCheck(Provider, Catalog(), includeAppIds).CheckHealthAsync(new());

    /// <summary>The total of a counter so far.</summary>
    public static long Total(MetricCollector<long> counter) => counter.GetMeasurementSnapshot().EvaluateAsCounter();

    public void Dispose()
    {
        Provider.Dispose();
        Meters.Dispose();
    }
}

internal static class Eventually
{
    /// <summary>Waits (bounded: at most 10 s, or <paramref name="within"/>) until <paramref name="condition"/> holds; fails the test otherwise.</summary>
    /// <remarks>The condition may hold only for a moment (counters read one after another while work goes on): once seen to hold, it passes.</remarks>
    public static async Task True(Func<bool> condition, string because, TimeSpan? within = null)
    {
        var polls = (int)((within ?? TimeSpan.FromSeconds(10)).TotalMilliseconds / 10);
        var holds = condition();
        for (var i = 0; i < polls && !holds; i++)
        {
            await Task.Delay(10);
            holds = condition();
        }

        holds.Should().BeTrue(because);
    }
}

internal static class Sync
{
    /// <summary>The result of a call that must have completed synchronously (a cache hit); fails the test otherwise.</summary>
    public static T Result<T>(ValueTask<T> call)
    {
        call.IsCompletedSuccessfully.Should().BeTrue("a cache hit completes synchronously");
#pragma warning disable CA2012 // checked above
        return call.Result;
#pragma warning restore CA2012
    }

    /// <summary>
    /// Whether the decorator would answer <paramref name="credentials"/> at once: asks with an already-cancelled token, which
    /// a hit ignores and a miss answers with cancellation, starting no fetch. Returns the token, or null for a miss.
    /// </summary>
    public static WechatAccessToken? Probe(IWechatTokenProvider provider, WechatAppCredentials credentials)
    {
        var call = provider.GetAccessTokenAsync(credentials, new CancellationToken(canceled: true)).AsTask();
        if (call.IsCompletedSuccessfully)
        {
            return call.Result;
        }

        call.IsCanceled.Should().BeTrue("a miss asked with a cancelled token neither waits nor fails");
        return null;
    }

    /// <summary>The result of a call if it completed synchronously, else null; allocates nothing.</summary>
    public static T? TryResult<T>(ValueTask<T> call)
        where T : class => call.IsCompletedSuccessfully ? call.GetAwaiter().GetResult() : null;
}

/// <summary>
/// A clock whose wall clock can jump (a suspended process, a VM pause, a clock step) while its timers keep their own
/// monotonic schedule: timers come from an inner <see cref="FakeTimeProvider"/> that only <see cref="AdvanceTimers"/> moves.
/// </summary>
internal sealed class JumpingTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly FakeTimeProvider _timers = new(start);
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => _timers.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _timers.CreateTimer(callback, state, dueTime, period);

    /// <summary>Moves the wall clock only: no timer notices.</summary>
    public void Jump(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>Moves the wall clock and the timers together, as time passing normally does.</summary>
    public void AdvanceTimers(TimeSpan by) => _timers.Advance(by);
}

/// <summary>A clock whose timers never fire (a starved thread pool never runs their callbacks); its wall clock is settable.</summary>
internal sealed class SilentTimersTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new SilentTimer();

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);

    private sealed class SilentTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// A source that implements <see cref="IWechatTokenRefresher"/>: it answers with <see cref="Answer"/> (by default the same
/// token every time, as GenAuth's central cache may after a rejection) and records which method each call used.
/// </summary>
internal sealed class RefreshingSource(Func<WechatAppCredentials, WechatAccessToken> answer) : IWechatTokenProvider, IWechatTokenRefresher
{
    private readonly List<(string Method, WechatAppCredentials Credentials, WechatAccessToken? Rejected)> _calls = [];

    public Func<WechatAppCredentials, WechatAccessToken> Answer { get; set; } = answer;

    public IReadOnlyList<(string Method, WechatAppCredentials Credentials, WechatAccessToken? Rejected)> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public ValueTask<WechatAccessToken> GetAccessTokenAsync(WechatAppCredentials credentials, CancellationToken cancellationToken = default)
    {
        lock (_calls)
        {
            _calls.Add((nameof(GetAccessTokenAsync), credentials, null));
        }

        return ValueTask.FromResult(Answer(credentials));
    }

    public ValueTask<WechatAccessToken> RefreshAsync(
        WechatAppCredentials credentials, WechatAccessToken rejected, CancellationToken cancellationToken = default)
    {
        lock (_calls)
        {
            _calls.Add((nameof(RefreshAsync), credentials, rejected));
        }

        return ValueTask.FromResult(Answer(credentials));
    }
}
