using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>The instruments of one decorator instance, with its fixed tags precomputed so recording allocates nothing.</summary>
internal sealed class CachingTelemetry : IDisposable
{
    public static readonly ActivitySource ActivitySource = new(WechatTokenCachingDiagnostics.ActivitySourceName);

    private readonly Meter? _ownedMeter;
    private readonly KeyValuePair<string, object?> _sourceTag;
    private readonly bool _includeAppId;

    public CachingTelemetry(IMeterFactory? meterFactory, string sourceName, bool includeAppId)
    {
        Meter meter;
        if (meterFactory is null)
        {
            meter = _ownedMeter = new Meter(WechatTokenCachingDiagnostics.MeterName);
        }
        else
        {
            meter = meterFactory.Create(new MeterOptions(WechatTokenCachingDiagnostics.MeterName));
        }

        SourceName = sourceName;
        _sourceTag = new(WechatTokenCachingDiagnostics.SourceTagName, sourceName);
        _includeAppId = includeAppId;
        Hits = meter.CreateCounter<long>(WechatTokenCachingDiagnostics.HitsInstrumentName, "{call}", "Calls answered from the WeChat token cache.");
        Misses = meter.CreateCounter<long>(WechatTokenCachingDiagnostics.MissesInstrumentName, "{call}", "Calls that waited for an upstream WeChat token fetch.");
        Fetches = meter.CreateCounter<long>(WechatTokenCachingDiagnostics.FetchesInstrumentName, "{fetch}", "Upstream WeChat token fetches started.");
        FetchFailures = meter.CreateCounter<long>(WechatTokenCachingDiagnostics.FetchFailuresInstrumentName, "{fetch}", "Upstream fetches that failed with no usable token cached.");
        Refreshes = meter.CreateCounter<long>(WechatTokenCachingDiagnostics.RefreshesInstrumentName, "{attempt}", "Background refresh attempts.");
        RefreshFailures = meter.CreateCounter<long>(WechatTokenCachingDiagnostics.RefreshFailuresInstrumentName, "{fetch}", "Upstream fetches that failed while a valid token was cached.");
        StaleServed = meter.CreateCounter<long>(WechatTokenCachingDiagnostics.StaleServedInstrumentName, "{call}", "Calls answered with a valid token whose refresh failed.");
        Invalidations = meter.CreateCounter<long>(WechatTokenCachingDiagnostics.InvalidationsInstrumentName, "{token}", "Rejected tokens dropped from the cache.");
        RefusedAdds = meter.CreateCounter<long>(WechatTokenCachingDiagnostics.RefusedAddsInstrumentName, "{token}", "Fetched tokens the full cache did not take.");
        Evictions = meter.CreateCounter<long>(WechatTokenCachingDiagnostics.EvictionsInstrumentName, "{token}", "Cached tokens compacted away because the cache was full.");
        RefreshRetryDelay = meter.CreateHistogram<double>(WechatTokenCachingDiagnostics.RefreshRetryDelayInstrumentName, "s", "Delay before the next background refresh attempt.");
        FetchDuration = meter.CreateHistogram<double>(WechatTokenCachingDiagnostics.FetchDurationInstrumentName, "s", "Duration of upstream WeChat token fetches.");
    }

    public string SourceName { get; }

    public bool IncludeAppId => _includeAppId;

    public Counter<long> Hits { get; }

    public Counter<long> Misses { get; }

    public Counter<long> Fetches { get; }

    public Counter<long> FetchFailures { get; }

    public Counter<long> Refreshes { get; }

    public Counter<long> RefreshFailures { get; }

    public Counter<long> StaleServed { get; }

    public Counter<long> Invalidations { get; }

    public Counter<long> RefusedAdds { get; }

    public Counter<long> Evictions { get; }

    public Histogram<double> RefreshRetryDelay { get; }

    public Histogram<double> FetchDuration { get; }

    /// <summary>Adds one to <paramref name="counter"/> if anyone listens.</summary>
    public void Add(Counter<long> counter, string appId)
    {
        if (!counter.Enabled)
        {
            return;
        }

        if (_includeAppId)
        {
            counter.Add(1, _sourceTag, new KeyValuePair<string, object?>(WechatTokenCachingDiagnostics.AppIdTagName, appId));
        }
        else
        {
            counter.Add(1, _sourceTag);
        }
    }

    /// <summary>Adds one to a failure counter, tagged with the error kind.</summary>
    public void AddFailure(Counter<long> counter, string appId, WechatTokenErrorKind kind)
    {
        if (!counter.Enabled)
        {
            return;
        }

        var errorTag = new KeyValuePair<string, object?>(WechatTokenCachingDiagnostics.ErrorTypeTagName, WechatTokenDiagnostics.ErrorTypeOf(kind));
        if (_includeAppId)
        {
            counter.Add(1, _sourceTag, errorTag, new KeyValuePair<string, object?>(WechatTokenCachingDiagnostics.AppIdTagName, appId));
        }
        else
        {
            counter.Add(1, _sourceTag, errorTag);
        }
    }

    public void Record(Histogram<double> histogram, double value, string appId)
    {
        if (!histogram.Enabled)
        {
            return;
        }

        if (_includeAppId)
        {
            histogram.Record(value, _sourceTag, new KeyValuePair<string, object?>(WechatTokenCachingDiagnostics.AppIdTagName, appId));
        }
        else
        {
            histogram.Record(value, _sourceTag);
        }
    }

    /// <summary>Starts the span around one upstream fetch (null when nobody listens).</summary>
    public Activity? StartFetchActivity(string appId)
    {
        var activity = ActivitySource.StartActivity(WechatTokenCachingDiagnostics.FetchActivityName, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag(WechatTokenCachingDiagnostics.SourceTagName, SourceName);
            if (_includeAppId)
            {
                activity.SetTag(WechatTokenCachingDiagnostics.AppIdTagName, appId);
            }
        }

        return activity;
    }

    public void Dispose() => _ownedMeter?.Dispose();
}
