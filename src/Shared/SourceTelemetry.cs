using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GenAuth.Hexagonal.Internal;

/// <summary>
/// The instruments and span of a token source (the names are on <see cref="WechatTokenDiagnostics"/>): one measurement and
/// one span per upstream fetch, tagged with the source, the token kind, the outcome (<c>error.type</c>), the HTTP status and
/// GenAuth's <c>apiCode</c> or WeChat's <c>errcode</c>, and the app id only when asked to. Nothing is recorded while no
/// listener is enabled. Tags never hold upstream text, a secret or a token.
/// </summary>
/// <remarks>One source file, compiled into each source adapter (shipped packages do not share internals).</remarks>
internal sealed class SourceTelemetry
{
    private static readonly ActivitySource Activities = new(WechatTokenDiagnostics.ActivitySourceName);

    /// <summary>Used when no <see cref="IMeterFactory"/> is at hand (a source built by hand): one per assembly, never disposed.</summary>
    private static readonly Meter FallbackMeter = new(WechatTokenDiagnostics.MeterName);

    private readonly string _sourceName;

    public SourceTelemetry(IMeterFactory? meterFactory, string sourceName)
    {
        var meter = meterFactory?.Create(new MeterOptions(WechatTokenDiagnostics.MeterName)) ?? FallbackMeter;
        _sourceName = sourceName;
        Fetches = meter.CreateCounter<long>(
            WechatTokenDiagnostics.SourceFetchesInstrumentName, "{fetch}", "WeChat access-token fetches a source made upstream.");
        FetchDuration = meter.CreateHistogram<double>(
            WechatTokenDiagnostics.SourceFetchDurationInstrumentName, "s", "Duration of a source's upstream WeChat access-token fetch.");
        ForcedRefreshes = meter.CreateCounter<long>(
            WechatTokenDiagnostics.SourceForcedRefreshesInstrumentName, "{call}", "force_refresh calls the WeChat source wanted after a rejection.");
        ManagementTokenFetches = meter.CreateCounter<long>(
            WechatTokenDiagnostics.ManagementTokenFetchesInstrumentName, "{fetch}", "GenAuth management-token fetches.");
    }

    public Counter<long> Fetches { get; }

    public Histogram<double> FetchDuration { get; }

    public Counter<long> ForcedRefreshes { get; }

    public Counter<long> ManagementTokenFetches { get; }

    /// <summary>Starts a measurement: the span (when someone listens) and the start time.</summary>
    public Measurement Start(string activityName, string tokenKind, string? appId, bool includeAppId)
    {
        var activity = Activities.StartActivity(activityName, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag(WechatTokenDiagnostics.SourceTagName, _sourceName);
            activity.SetTag(WechatTokenDiagnostics.TokenKindTagName, tokenKind);
            if (includeAppId && appId is not null)
            {
                activity.SetTag(WechatTokenDiagnostics.AppIdTagName, appId);
            }
        }

        return new Measurement(activity, Stopwatch.GetTimestamp(), tokenKind, includeAppId ? appId : null);
    }

    /// <summary>Ends a token fetch: the counter, the duration and the span, with the outcome's tags.</summary>
    public void EndFetch(in Measurement measurement, int? httpStatus, WechatTokenException? failure) =>
        End(measurement, Fetches, FetchDuration, httpStatus, failure);

    /// <summary>Ends a management-token fetch: its counter and span.</summary>
    public void EndManagementTokenFetch(in Measurement measurement, int? httpStatus, WechatTokenException? failure) =>
        End(measurement, ManagementTokenFetches, null, httpStatus, failure);

    /// <summary>Counts a wanted <c>force_refresh</c> with its outcome (a <c>ForceOutcome…</c> value of <see cref="WechatTokenDiagnostics"/>).</summary>
    public void AddForcedRefresh(string tokenKind, string appId, bool includeAppId, string outcome)
    {
        if (!ForcedRefreshes.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { WechatTokenDiagnostics.SourceTagName, _sourceName },
            { WechatTokenDiagnostics.TokenKindTagName, tokenKind },
            { WechatTokenDiagnostics.ForceOutcomeTagName, outcome },
        };
        if (includeAppId)
        {
            tags.Add(WechatTokenDiagnostics.AppIdTagName, appId);
        }

        ForcedRefreshes.Add(1, tags);
    }

    private void End(in Measurement measurement, Counter<long> counter, Histogram<double>? duration, int? httpStatus, WechatTokenException? failure)
    {
        var activity = measurement.Activity;
        var countEnabled = counter.Enabled;
        var durationEnabled = duration?.Enabled == true;
        if (activity is null && !countEnabled && !durationEnabled)
        {
            return;
        }

        var status = failure?.HttpStatusCode ?? httpStatus;
        var errorType = failure is null ? null : WechatTokenDiagnostics.ErrorTypeOf(failure.Kind);
        var tags = new TagList
        {
            { WechatTokenDiagnostics.SourceTagName, _sourceName },
            { WechatTokenDiagnostics.TokenKindTagName, measurement.TokenKind },
        };
        if (measurement.AppId is { } appId)
        {
            tags.Add(WechatTokenDiagnostics.AppIdTagName, appId);
        }

        if (errorType is not null)
        {
            tags.Add(WechatTokenDiagnostics.ErrorTypeTagName, errorType);
        }

        if (status is { } code)
        {
            tags.Add(WechatTokenDiagnostics.HttpStatusCodeTagName, code);
        }

        if (failure?.ApiCode is { } apiCode)
        {
            tags.Add(WechatTokenDiagnostics.ApiCodeTagName, apiCode);
        }

        if (failure?.WechatErrorCode is { } errcode)
        {
            tags.Add(WechatTokenDiagnostics.WechatErrorCodeTagName, errcode);
        }

        if (countEnabled)
        {
            counter.Add(1, tags);
        }

        if (durationEnabled)
        {
            duration!.Record(Stopwatch.GetElapsedTime(measurement.StartTimestamp).TotalSeconds, tags);
        }

        if (activity is not null)
        {
            foreach (var tag in tags)
            {
                activity.SetTag(tag.Key, tag.Value);
            }

            if (errorType is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, errorType);
            }

            activity.Dispose();
        }
    }

    /// <summary>One fetch being measured.</summary>
    internal readonly record struct Measurement(Activity? Activity, long StartTimestamp, string TokenKind, string? AppId);
}
