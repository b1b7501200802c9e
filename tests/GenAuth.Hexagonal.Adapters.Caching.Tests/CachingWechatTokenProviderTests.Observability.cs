using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;

namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed partial class CachingWechatTokenProviderTests
{
    [Fact]
    public async Task GetAccessTokenAsync_HitsMissesFetches_CountedWithSourceTagAndNoAppIdByDefault()
    {
        using var f = new CacheFixture(sourceName: "GenAuth");
        using var hits = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.HitsInstrumentName);
        using var misses = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.MissesInstrumentName);
        using var fetches = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.FetchesInstrumentName);
        using var duration = f.Meters.Collect<double>(WechatTokenCachingDiagnostics.FetchDurationInstrumentName);

        var token = await f.Provider.GetAccessTokenAsync(f.Credentials);
        for (var i = 0; i < 5; i++)
        {
            await f.Provider.GetAccessTokenAsync(f.Credentials);
        }

        hits.GetMeasurementSnapshot().EvaluateAsCounter().Should().Be(5);
        misses.GetMeasurementSnapshot().EvaluateAsCounter().Should().Be(1);
        fetches.GetMeasurementSnapshot().EvaluateAsCounter().Should().Be(1);
        duration.GetMeasurementSnapshot().Should().ContainSingle();
        var tags = hits.LastMeasurement!.Tags;
        tags.Should().ContainKey(WechatTokenCachingDiagnostics.SourceTagName).WhoseValue.Should().Be("GenAuth");
        tags.Should().NotContainKey(WechatTokenCachingDiagnostics.AppIdTagName);
        tags.Values.Should().NotContain(v => Equals(v, CacheFixture.Secret) || Equals(v, token.Value));
    }

    [Fact]
    public async Task GetAccessTokenAsync_IncludeAppIdInTelemetry_TagsAppId()
    {
        using var f = new CacheFixture(o => o.IncludeAppIdInTelemetry = true);
        using var misses = f.Meters.Collect<long>(WechatTokenCachingDiagnostics.MissesInstrumentName);

        await f.Provider.GetAccessTokenAsync(f.Credentials);

        misses.LastMeasurement!.Tags.Should().ContainKey(WechatTokenCachingDiagnostics.AppIdTagName).WhoseValue.Should().Be(f.Credentials.AppId);
    }

    [Fact]
    public async Task GetAccessTokenAsync_UpstreamFetch_WrappedInActivityWithoutSecrets()
    {
        var sourceName = "Traced-" + Guid.NewGuid().ToString("N");
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == WechatTokenCachingDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (Equals(a.GetTagItem(WechatTokenCachingDiagnostics.SourceTagName), sourceName))
                {
                    lock (activities)
                    {
                        activities.Add(a);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var f = new CacheFixture(sourceName: sourceName);
        f.Source.EnqueueFailure(Outage);

        await f.Provider.Invoking(p => p.GetAccessTokenAsync(f.Credentials).AsTask()).Should().ThrowAsync<WechatTokenException>();
        var token = await f.Provider.GetAccessTokenAsync(f.Credentials);
        await f.Provider.GetAccessTokenAsync(f.Credentials);

        lock (activities)
        {
            activities.Should().HaveCount(2, "one span per upstream fetch, none for hits");
            activities.Should().OnlyContain(a => a.OperationName == WechatTokenCachingDiagnostics.FetchActivityName);
            activities[0].Status.Should().Be(ActivityStatusCode.Error);
            activities[0].GetTagItem(WechatTokenCachingDiagnostics.ErrorTypeTagName).Should().Be("HttpError");
            activities.SelectMany(a => a.TagObjects).Should().NotContain(t =>
                t.Key == WechatTokenCachingDiagnostics.AppIdTagName || Equals(t.Value, CacheFixture.Secret) || Equals(t.Value, token.Value));
        }
    }

    [Fact]
    public async Task Logs_ThroughFailuresRefreshesAndInvalidation_NeverContainSecretOrToken()
    {
        using var f = new CacheFixture(o => o.SizeLimit = 1);
        f.Logger.ControlLevel(LogLevel.Debug, true);
        f.Source.EnqueueFailure(Outage);
        await f.Provider.Invoking(p => p.GetAccessTokenAsync(f.Credentials).AsTask()).Should().ThrowAsync<WechatTokenException>();
        var token = await f.Provider.GetAccessTokenAsync(f.Credentials);
        f.Source.EnqueueFailure(Outage);
        f.Time.Advance(TimeSpan.FromSeconds(6900));
        await f.Provider.GetAccessTokenAsync(f.Credentials);
        await Eventually.True(() => f.Logger.Collector.GetSnapshot().Any(r => r.Id.Id == 1201), "the refresh ran and failed");
        await f.Provider.InvalidateAsync(f.Credentials, token);
        await f.Provider.GetAccessTokenAsync(f.Credentials);
        await f.Provider.GetAccessTokenAsync(CacheFixture.App(7)); // refused: the cache holds one token
        await Eventually.True(() => f.Logger.Collector.GetSnapshot().Any(r => r.Id.Id == 1213), "the refused add is logged");

        var records = f.Logger.Collector.GetSnapshot();
        records.Select(r => r.Id.Id).Should().Contain([1202, 1201, 1213, 1205]);
        foreach (var record in records)
        {
            var text = record.Message + record.Exception;
            text.Should().NotContain(CacheFixture.Secret);
            text.Should().NotContain(token.Value);
        }
    }
}
