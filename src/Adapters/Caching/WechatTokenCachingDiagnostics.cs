namespace GenAuth.Hexagonal.Adapters.Caching;

/// <summary>
/// Names of the metrics, traces and tags <see cref="CachingWechatTokenProvider"/> emits, for OpenTelemetry
/// configuration (<c>AddMeter(WechatTokenCachingDiagnostics.MeterName)</c>) and dashboards.
/// </summary>
/// <remarks>
/// Counters are recorded only while a listener is enabled, so the cache-hit path stays free of work otherwise.
/// No tag ever carries an app secret or an access token; the app id is a tag only when
/// <see cref="WechatTokenCachingOptions.IncludeAppIdInTelemetry"/> is set.
/// </remarks>
public static class WechatTokenCachingDiagnostics
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name: <c>GenAuth.Hexagonal</c>.</summary>
    public const string MeterName = WechatTokenDiagnostics.MeterName;

    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name: <c>GenAuth.Hexagonal</c>.</summary>
    public const string ActivitySourceName = WechatTokenDiagnostics.ActivitySourceName;

    /// <summary>Counter: calls answered from the cache (fresh, refresh-ahead or stale tokens).</summary>
    public const string HitsInstrumentName = "genauth.wechat_token.cache.hits";

    /// <summary>Counter: calls that had to wait for an upstream fetch (no usable cached token).</summary>
    public const string MissesInstrumentName = "genauth.wechat_token.cache.misses";

    /// <summary>Counter: upstream fetches started (one per single flight, whatever the number of waiting callers).</summary>
    public const string FetchesInstrumentName = "genauth.wechat_token.cache.fetches";

    /// <summary>Counter: upstream fetches that failed while no usable token was cached (callers got the error).</summary>
    public const string FetchFailuresInstrumentName = "genauth.wechat_token.cache.fetch_failures";

    /// <summary>Counter: background refresh attempts (refresh-ahead and retries during an outage).</summary>
    public const string RefreshesInstrumentName = "genauth.wechat_token.cache.refreshes";

    /// <summary>Counter: upstream fetches that failed while a still-valid token was cached (fail-safe took over).</summary>
    public const string RefreshFailuresInstrumentName = "genauth.wechat_token.cache.refresh_failures";

    /// <summary>Counter: calls answered with a still-valid token whose refresh has failed.</summary>
    public const string StaleServedInstrumentName = "genauth.wechat_token.cache.stale_served";

    /// <summary>Counter: tokens dropped because WeChat rejected them (compare-and-remove hits only).</summary>
    public const string InvalidationsInstrumentName = "genauth.wechat_token.cache.invalidations";

    /// <summary>Counter: fetched tokens the full cache refused to hold (returned to callers, not cached).</summary>
    public const string RefusedAddsInstrumentName = "genauth.wechat_token.cache.refused_adds";

    /// <summary>Counter: cached tokens compacted away because the cache was full.</summary>
    public const string EvictionsInstrumentName = "genauth.wechat_token.cache.evictions";

    /// <summary>Histogram (seconds): the delay scheduled before the next background refresh attempt.</summary>
    public const string RefreshRetryDelayInstrumentName = "genauth.wechat_token.cache.refresh_retry_delay";

    /// <summary>Histogram (seconds): how long upstream fetches took.</summary>
    public const string FetchDurationInstrumentName = "genauth.wechat_token.cache.fetch.duration";

    /// <summary>The trace span around each upstream fetch.</summary>
    public const string FetchActivityName = "genauth.wechat_token.fetch";

    /// <summary>Tag: the token source's short name ("GenAuth", "Wechat", ...). On every measurement and span.</summary>
    public const string SourceTagName = WechatTokenDiagnostics.SourceTagName;

    /// <summary>Tag: the WeChat app id. Only with <see cref="WechatTokenCachingOptions.IncludeAppIdInTelemetry"/>.</summary>
    public const string AppIdTagName = WechatTokenDiagnostics.AppIdTagName;

    /// <summary>Tag on failed fetch spans and failure counters: the <see cref="WechatTokenErrorKind"/>.</summary>
    public const string ErrorTypeTagName = WechatTokenDiagnostics.ErrorTypeTagName;
}
