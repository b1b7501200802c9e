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

    public CacheFixture(
        Action<WechatTokenCachingOptions>? configure = null, string sourceName = "Fake", double jitter = 0.5, bool systemClock = false)
    {
        Options = new WechatTokenCachingOptions();
        configure?.Invoke(Options);
        Source = new FakeWechatTokenProvider(Time);
        Provider = new CachingWechatTokenProvider(
            Source, Microsoft.Extensions.Options.Options.Create(Options), sourceName, systemClock ? TimeProvider.System : Time, Logger, Meters, () => jitter);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));

    public FakeWechatTokenProvider Source { get; }

    public FakeLogger Logger { get; } = new();

    public TestMeterFactory Meters { get; } = new();

    public WechatTokenCachingOptions Options { get; }

    public CachingWechatTokenProvider Provider { get; }

    public WechatAppCredentials Credentials { get; } = new("wx00000000000000a1", Secret);

    public static WechatAppCredentials App(int i) =>
        new($"wx{i:D16}", $"fake-app-secret-for-tests-{i:D6}");

    public WechatAccessToken Token(string value, TimeSpan lifetime) => new(value, Time.GetUtcNow() + lifetime);

    public void Dispose()
    {
        Provider.Dispose();
        Meters.Dispose();
    }
}

internal static class Eventually
{
    /// <summary>Waits (bounded: at most 10 s) until <paramref name="condition"/> holds; fails the test otherwise.</summary>
    public static async Task True(Func<bool> condition, string because)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        condition().Should().BeTrue(because);
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

    /// <summary>The result of a call if it completed synchronously, else null; allocates nothing.</summary>
    public static T? TryResult<T>(ValueTask<T> call)
        where T : class => call.IsCompletedSuccessfully ? call.GetAwaiter().GetResult() : null;
}
