namespace GenAuth.Hexagonal.Adapters.Redis;

/// <summary>
/// Names of the metrics, traces and tags <see cref="RedisWechatTokenProvider"/> emits, on the same meter and activity
/// source as the in-process cache (<c>GenAuth.Hexagonal</c>).
/// </summary>
/// <remarks>No tag carries a secret, a token or a Redis key; the app id only with <see cref="RedisWechatTokenOptions.IncludeAppIdInTelemetry"/>.</remarks>
public static class RedisWechatTokenDiagnostics
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name: <c>GenAuth.Hexagonal</c>.</summary>
    public const string MeterName = WechatTokenDiagnostics.MeterName;

    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name: <c>GenAuth.Hexagonal</c>.</summary>
    public const string ActivitySourceName = WechatTokenDiagnostics.ActivitySourceName;

    /// <summary>Counter: calls answered with a token read from Redis.</summary>
    public const string HitsInstrumentName = "genauth.wechat_token.redis.hits";

    /// <summary>Counter: reads that found no usable token in Redis (tag <see cref="MissReasonTagName"/>).</summary>
    public const string MissesInstrumentName = "genauth.wechat_token.redis.misses";

    /// <summary>Counter: leases this instance won (it fetched for the fleet).</summary>
    public const string LeasesWonInstrumentName = "genauth.wechat_token.redis.lease.won";

    /// <summary>Counter: leases held by another instance while this one served the still-valid token.</summary>
    public const string LeasesLostInstrumentName = "genauth.wechat_token.redis.lease.lost";

    /// <summary>Counter: calls that waited for another instance's fetch.</summary>
    public const string LeasesWaitedInstrumentName = "genauth.wechat_token.redis.lease.waited";

    /// <summary>Counter: fetches from the source made by this instance (as the lease holder, or while Redis was unavailable).</summary>
    public const string FetchesInstrumentName = "genauth.wechat_token.redis.fetches";

    /// <summary>Counter: writes refused because a newer lease holder exists (fencing).</summary>
    public const string FencedWritesInstrumentName = "genauth.wechat_token.redis.fenced_writes";

    /// <summary>Counter: rejected tokens this instance removed from Redis (compare-and-delete) and announced.</summary>
    public const string InvalidationsInstrumentName = "genauth.wechat_token.redis.invalidations";

    /// <summary>Counter: rejection notices from other instances raised through <see cref="IWechatTokenRejectionFeed"/>.</summary>
    public const string RemoteInvalidationsInstrumentName = "genauth.wechat_token.redis.remote_invalidations";

    /// <summary>Counter: Redis round trips that failed or exceeded <see cref="RedisWechatTokenOptions.OperationTimeout"/> (tag <see cref="ErrorTypeTagName"/>).</summary>
    public const string ErrorsInstrumentName = "genauth.wechat_token.redis.errors";

    /// <summary>Counter: calls answered without Redis because it was unavailable (by the source, or failed closed: tag <see cref="OutcomeTagName"/>).</summary>
    public const string BypassesInstrumentName = "genauth.wechat_token.redis.bypasses";

    /// <summary>Counter: forced refreshes the fleet's budget in Redis allowed (tag <see cref="OutcomeTagName"/>: allowed or denied).</summary>
    public const string ForcedRefreshesInstrumentName = "genauth.wechat_token.redis.forced_refreshes";

    /// <summary>The span around each Redis round trip on the miss path.</summary>
    public const string RedisActivityName = "genauth.wechat_token.redis";

    /// <summary>Tag: the token source's kind (<c>genauth</c>, <c>wechat-stable</c>, <c>wechat-token</c>, ...).</summary>
    public const string SourceKindTagName = WechatTokenDiagnostics.SourceTagName;

    /// <summary>Tag: the WeChat app id. Only with <see cref="RedisWechatTokenOptions.IncludeAppIdInTelemetry"/>.</summary>
    public const string AppIdTagName = WechatTokenDiagnostics.AppIdTagName;

    /// <summary>Tag on misses: <c>absent</c>, <c>expiring</c>, <c>foreign</c> (written under another secret) or <c>tampered</c>.</summary>
    public const string MissReasonTagName = "genauth.redis.miss_reason";

    /// <summary>Tag on spans, bypasses and forced refreshes: what happened.</summary>
    public const string OutcomeTagName = "genauth.redis.outcome";

    /// <summary>Tag on spans: the round trip (<c>acquire</c>, <c>write</c>, <c>renew</c>, <c>fail</c>, <c>invalidate</c>, <c>force</c>, <c>probe</c>).</summary>
    public const string OperationTagName = "db.operation.name";

    /// <summary>Tag on spans: <c>redis</c>.</summary>
    public const string DbSystemTagName = "db.system.name";

    /// <summary>Tag on errors and failed spans: <c>timeout</c>, <c>connection</c>, <c>server</c> or <c>unavailable</c>.</summary>
    public const string ErrorTypeTagName = WechatTokenDiagnostics.ErrorTypeTagName;
}
