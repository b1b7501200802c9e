namespace GenAuth.Hexagonal;

/// <summary>
/// The names every GenAuth.Hexagonal package emits its metrics, traces and tags under, in one place: the meter and activity
/// source (<c>GenAuth.Hexagonal</c>, for <c>AddMeter(WechatTokenDiagnostics.MeterName)</c> and
/// <c>AddSource(WechatTokenDiagnostics.ActivitySourceName)</c>), the tags all packages share, and the instruments of the token
/// sources (the GenAuth and WeChat adapters). The caching decorator and the Redis tier name their own instruments on their
/// own diagnostics classes, on the same meter.
/// </summary>
/// <remarks>
/// Counters and histograms are recorded only while a listener is enabled. No tag ever carries an app secret, an access key
/// secret, a management token or an access token, nor text from upstream; the app id is a tag only when the component's
/// <c>IncludeAppIdInTelemetry</c> option is on. Tag values are low-cardinality: source names, token kinds, error kinds and
/// numeric codes.
/// </remarks>
public static class WechatTokenDiagnostics
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name: <c>GenAuth.Hexagonal</c>.</summary>
    public const string MeterName = "GenAuth.Hexagonal";

    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name: <c>GenAuth.Hexagonal</c>.</summary>
    public const string ActivitySourceName = "GenAuth.Hexagonal";

    /// <summary>Tag: the token source's name as registered (<c>GenAuth</c>, <c>Wechat</c>, ...). On every measurement and span.</summary>
    public const string SourceTagName = "genauth.token_source";

    /// <summary>
    /// Tag: the kind of token a source hands out (<see cref="IWechatTokenSourceInfo.TokenKind"/>: <c>genauth</c>,
    /// <c>wechat-stable</c>, <c>wechat-token</c>). On the sources' measurements and spans.
    /// </summary>
    public const string TokenKindTagName = "genauth.token_kind";

    /// <summary>Tag: the WeChat app id. Only when the component's <c>IncludeAppIdInTelemetry</c> option is on.</summary>
    public const string AppIdTagName = "genauth.wechat.app_id";

    /// <summary>
    /// Tag: why a fetch failed, the <see cref="WechatTokenErrorKind"/> name (<c>UpstreamError</c>, <c>HttpError</c>,
    /// <c>InvalidResponse</c>, <c>Timeout</c>, <c>Network</c>, <c>Configuration</c>, <c>Unknown</c>). Absent on success, as
    /// OpenTelemetry's <c>error.type</c> is.
    /// </summary>
    public const string ErrorTypeTagName = "error.type";

    /// <summary>Tag: the HTTP status of the upstream's answer (OpenTelemetry's <c>http.response.status_code</c>), when there was one.</summary>
    public const string HttpStatusCodeTagName = "http.response.status_code";

    /// <summary>Tag: GenAuth's segmented error code <c>apiCode</c>, when GenAuth answered with one.</summary>
    public const string ApiCodeTagName = "genauth.api_code";

    /// <summary>Tag: WeChat's <c>errcode</c>, when WeChat answered with one.</summary>
    public const string WechatErrorCodeTagName = "genauth.wechat.errcode";

    /// <summary>
    /// Tag on <see cref="SourceForcedRefreshesInstrumentName"/>: what happened to a wanted <c>force_refresh</c> (see the
    /// <c>ForceOutcome…</c> constants).
    /// </summary>
    public const string ForceOutcomeTagName = "genauth.wechat.force_outcome";

    /// <summary>Value of <see cref="ForceOutcomeTagName"/>: the forced call was sent and brought a new token.</summary>
    public const string ForceOutcomeRefreshed = "refreshed";

    /// <summary>Value of <see cref="ForceOutcomeTagName"/>: not sent, the previous forced call of the app was less than 30 s ago.</summary>
    public const string ForceOutcomeSpaced = "spaced";

    /// <summary>Value of <see cref="ForceOutcomeTagName"/>: not sent, the app's daily limit (20, Beijing day) is used up.</summary>
    public const string ForceOutcomeDailyLimit = "daily_limit";

    /// <summary>Value of <see cref="ForceOutcomeTagName"/>: sent, but WeChat refused it or it failed.</summary>
    public const string ForceOutcomeFailed = "failed";

    /// <summary>Counter (<c>{fetch}</c>): token fetches a source made upstream (one per fetch, whatever its HTTP retries), tagged with the outcome.</summary>
    public const string SourceFetchesInstrumentName = "genauth.wechat_token.source.fetches";

    /// <summary>Histogram (seconds): how long a source's token fetch took, every attempt and delay included; tagged like the counter.</summary>
    public const string SourceFetchDurationInstrumentName = "genauth.wechat_token.source.fetch.duration";

    /// <summary>
    /// Counter (<c>{call}</c>): <c>force_refresh</c> calls the WeChat source wanted after a rejection, tagged with
    /// <see cref="ForceOutcomeTagName"/>.
    /// </summary>
    public const string SourceForcedRefreshesInstrumentName = "genauth.wechat_token.source.forced_refreshes";

    /// <summary>Counter (<c>{fetch}</c>): GenAuth management-token fetches (<c>/api/v3/get-management-token</c>), tagged with the outcome.</summary>
    public const string ManagementTokenFetchesInstrumentName = "genauth.wechat_token.source.management_token.fetches";

    /// <summary>The span around one source fetch (child of the cache's fetch span, parent of the HTTP spans).</summary>
    public const string SourceFetchActivityName = "genauth.wechat_token.source.fetch";

    /// <summary>The span around one GenAuth management-token fetch.</summary>
    public const string ManagementTokenFetchActivityName = "genauth.wechat_token.source.management_token.fetch";

    /// <summary>The <see cref="ErrorTypeTagName"/> value of <paramref name="kind"/>: its name, without allocating.</summary>
    /// <param name="kind">The failure's kind.</param>
    /// <returns>For example <c>Timeout</c>; <c>Unknown</c> for a value that is not defined.</returns>
    public static string ErrorTypeOf(WechatTokenErrorKind kind) => kind switch
    {
        WechatTokenErrorKind.UpstreamError => nameof(WechatTokenErrorKind.UpstreamError),
        WechatTokenErrorKind.HttpError => nameof(WechatTokenErrorKind.HttpError),
        WechatTokenErrorKind.InvalidResponse => nameof(WechatTokenErrorKind.InvalidResponse),
        WechatTokenErrorKind.Timeout => nameof(WechatTokenErrorKind.Timeout),
        WechatTokenErrorKind.Network => nameof(WechatTokenErrorKind.Network),
        WechatTokenErrorKind.Configuration => nameof(WechatTokenErrorKind.Configuration),
        _ => nameof(WechatTokenErrorKind.Unknown),
    };
}
