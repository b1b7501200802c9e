using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed partial class CachingWechatTokenProviderTests
{
    private static readonly WechatTokenException Outage =
        new("GenAuth answered 503", WechatTokenSource.GenAuth, WechatTokenErrorKind.HttpError, isTransient: true) { HttpStatusCode = 503 };

    [Fact]
    public async Task GetAccessTokenAsync_UpstreamOutage_ServesValidTokenWithBackoffScheduleThenRecovers()
    {
        using var f = new CacheFixture();
        using var delays = f.Meters.Collect<double>(WechatTokenCachingDiagnostics.RefreshRetryDelayInstrumentName);
        using var stale = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.StaleServedInstrumentName);
        using var failures = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.RefreshFailuresInstrumentName);
        var first = await f.Provider.GetAccessTokenAsync(f.Credentials);
        var up = false;
        f.Source.Respond((_, _) => up
            ? ValueTask.FromResult(new WechatAccessToken("fake-token-recovered", f.Time.GetUtcNow() + TimeSpan.FromHours(2)))
            : ValueTask.FromException<WechatAccessToken>(Outage));
        f.Time.Advance(TimeSpan.FromSeconds(6900));

        (await f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first);
        await delays.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(10));
        f.Source.CallCount.Should().Be(2);
        (await f.HealthAsync()).Status.Should().Be(HealthStatus.Degraded, "a configured app is served a still-valid token");

        // Attempts are spaced 1, 2, 4, 8, 16, 30, 30 s (base 1 s doubling, capped at 30 s; jitter source fixed at 0.5).
        double[] schedule = [1, 2, 4, 8, 16, 30, 30];
        for (var i = 0; i < schedule.Length; i++)
        {
            delays.LastMeasurement!.Value.Should().Be(schedule[i]);
            f.Time.Advance(TimeSpan.FromSeconds(schedule[i]) - TimeSpan.FromMilliseconds(1));
            (await f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first, "fail-safe keeps serving the valid token");
            f.Source.CallCount.Should().Be(2 + i, "no attempt before its delay is over");
            f.Time.Advance(TimeSpan.FromMilliseconds(1));
            await Eventually.True(() => f.Source.CallCount == 3 + i, $"attempt {i + 2} runs when its delay is over");
            await delays.WaitForMeasurementsAsync(i + 2, TimeSpan.FromSeconds(10));
        }

        // Now at 6991 s: attempts go on every 30 s (7021 ... 7141).
        for (var i = 0; i < 5; i++)
        {
            f.Time.Advance(TimeSpan.FromSeconds(30));
            await Eventually.True(() => f.Source.CallCount == 10 + i, "attempts go on every 30 s");
            await delays.WaitForMeasurementsAsync(9 + i, TimeSpan.FromSeconds(10));
            delays.LastMeasurement!.Value.Should().Be(30);
        }

        // Past hard (7170 s) the token is still valid and keeps being served during the outage, without a fetch per call.
        f.Time.Advance(TimeSpan.FromSeconds(29.5));
        Sync.Result(f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first);
        f.Source.CallCount.Should().Be(14);
        stale.GetMeasurementSnapshot().EvaluateAsCounter().Should().BeGreaterThanOrEqualTo(8);
        failures.GetMeasurementSnapshot().EvaluateAsCounter().Should().Be(13);
        f.Logger.Collector.GetSnapshot().Count(r => r.Id.Id == 1201).Should().Be(13);

        up = true;
        f.Time.Advance(TimeSpan.FromSeconds(0.5));
        await Eventually.True(() => f.Source.CallCount == 15, "the attempt due at 7171 s runs");
        await Eventually.True(
            () => Sync.TryResult(f.Provider.GetAccessTokenAsync(f.Credentials))?.Value == "fake-token-recovered", "the recovered token is cached");
        f.Source.CallCount.Should().Be(15, "served from the cache");
        (await f.HealthAsync()).Status.Should().Be(HealthStatus.Healthy);
        f.Logger.Collector.GetSnapshot().Should().Contain(r => r.Id.Id == 1208);
    }

    [Fact]
    public async Task GetAccessTokenAsync_OutageOutlastsToken_ErrorSurfacesAfterRealExpiryAndHealthIsUnhealthy()
    {
        using var f = new CacheFixture();
        var first = await f.Provider.GetAccessTokenAsync(f.Credentials);
        f.Source.Respond((_, _) => ValueTask.FromException<WechatAccessToken>(Outage));
        f.Time.Advance(TimeSpan.FromSeconds(7170)); // hard, no refresh yet

        // Past hard the caller waits for a fetch; it fails, the token is still valid: fail-safe serves it.
        (await f.Provider.GetAccessTokenAsync(f.Credentials)).Should().BeSameAs(first);
        f.Source.CallCount.Should().Be(2);
        (await f.HealthAsync()).Status.Should().Be(HealthStatus.Degraded);

        f.Time.Advance(TimeSpan.FromSeconds(30)); // real expiry
        var ex = (await f.Provider.Invoking(p => p.GetAccessTokenAsync(f.Credentials).AsTask())
            .Should().ThrowAsync<WechatTokenException>()).Which;
        ex.Should().BeSameAs(Outage);
        var result = await f.HealthAsync();
        result.Status.Should().Be(HealthStatus.Unhealthy, "a configured app has no usable token");
        result.Data["appsWithoutToken"].Should().Be(1);
        result.Description.Should().NotContain(f.Credentials.AppId, "app ids are listed only when opted in");

        f.Source.Respond(null);
        (await f.Provider.GetAccessTokenAsync(f.Credentials)).Value.Should().StartWith("fake-token-");
        (await f.HealthAsync()).Status.Should().Be(HealthStatus.Healthy);
    }
}
