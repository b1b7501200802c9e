using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GenAuth.Hexagonal.Adapters.Redis.Internal;

/// <summary>The tier's instruments, with the fixed tags precomputed.</summary>
internal sealed class RedisTelemetry : IDisposable
{
    public static readonly ActivitySource ActivitySource = new(RedisWechatTokenDiagnostics.ActivitySourceName);

    private readonly Meter? _ownedMeter;
    private readonly KeyValuePair<string, object?> _kindTag;
    private readonly bool _includeAppId;

    public RedisTelemetry(IMeterFactory? meterFactory, string kind, bool includeAppId)
    {
        var meter = meterFactory is null
            ? _ownedMeter = new Meter(RedisWechatTokenDiagnostics.MeterName)
            : meterFactory.Create(new MeterOptions(RedisWechatTokenDiagnostics.MeterName));
        Kind = kind;
        _kindTag = new(RedisWechatTokenDiagnostics.SourceKindTagName, kind);
        _includeAppId = includeAppId;
        Hits = meter.CreateCounter<long>(RedisWechatTokenDiagnostics.HitsInstrumentName, "{call}", "Calls answered with a token read from Redis.");
        Misses = meter.CreateCounter<long>(RedisWechatTokenDiagnostics.MissesInstrumentName, "{read}", "Reads that found no usable token in Redis.");
        LeasesWon = meter.CreateCounter<long>(RedisWechatTokenDiagnostics.LeasesWonInstrumentName, "{lease}", "Fleet leases this instance won.");
        LeasesLost = meter.CreateCounter<long>(RedisWechatTokenDiagnostics.LeasesLostInstrumentName, "{call}", "Calls served the still-valid token while another instance held the lease.");
        LeasesWaited = meter.CreateCounter<long>(RedisWechatTokenDiagnostics.LeasesWaitedInstrumentName, "{call}", "Calls that waited for another instance's fetch.");
        Fetches = meter.CreateCounter<long>(RedisWechatTokenDiagnostics.FetchesInstrumentName, "{fetch}", "Fetches from the source made by this instance.");
        FencedWrites = meter.CreateCounter<long>(RedisWechatTokenDiagnostics.FencedWritesInstrumentName, "{write}", "Writes refused by fencing.");
        Invalidations = meter.CreateCounter<long>(RedisWechatTokenDiagnostics.InvalidationsInstrumentName, "{token}", "Rejected tokens removed from Redis by this instance.");
        RemoteInvalidations = meter.CreateCounter<long>(RedisWechatTokenDiagnostics.RemoteInvalidationsInstrumentName, "{notice}", "Rejections from other instances raised locally.");
        Errors = meter.CreateCounter<long>(RedisWechatTokenDiagnostics.ErrorsInstrumentName, "{call}", "Redis round trips that failed or ran out of budget.");
        Bypasses = meter.CreateCounter<long>(RedisWechatTokenDiagnostics.BypassesInstrumentName, "{call}", "Calls answered without Redis while it was unavailable.");
        ForcedRefreshes = meter.CreateCounter<long>(RedisWechatTokenDiagnostics.ForcedRefreshesInstrumentName, "{refresh}", "Forced refreshes asked of the fleet's budget.");
    }

    public string Kind { get; }

    public Counter<long> Hits { get; }

    public Counter<long> Misses { get; }

    public Counter<long> LeasesWon { get; }

    public Counter<long> LeasesLost { get; }

    public Counter<long> LeasesWaited { get; }

    public Counter<long> Fetches { get; }

    public Counter<long> FencedWrites { get; }

    public Counter<long> Invalidations { get; }

    public Counter<long> RemoteInvalidations { get; }

    public Counter<long> Errors { get; }

    public Counter<long> Bypasses { get; }

    public Counter<long> ForcedRefreshes { get; }

    public void Add(Counter<long> counter, string appId, string? extraTagName = null, string? extraTagValue = null)
    {
        if (!counter.Enabled)
        {
            return;
        }

        var tags = new TagList { _kindTag };
        if (extraTagName is not null)
        {
            tags.Add(extraTagName, extraTagValue);
        }

        if (_includeAppId)
        {
            tags.Add(RedisWechatTokenDiagnostics.AppIdTagName, appId);
        }

        counter.Add(1, tags);
    }

    /// <summary>Starts the span of one Redis round trip (null when nobody listens).</summary>
    public Activity? StartRoundTrip(string operation, string appId)
    {
        var activity = ActivitySource.StartActivity(RedisWechatTokenDiagnostics.RedisActivityName, ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag(RedisWechatTokenDiagnostics.DbSystemTagName, "redis");
            activity.SetTag(RedisWechatTokenDiagnostics.OperationTagName, operation);
            activity.SetTag(RedisWechatTokenDiagnostics.SourceKindTagName, Kind);
            if (_includeAppId)
            {
                activity.SetTag(RedisWechatTokenDiagnostics.AppIdTagName, appId);
            }
        }

        return activity;
    }

    public void Dispose() => _ownedMeter?.Dispose();
}
