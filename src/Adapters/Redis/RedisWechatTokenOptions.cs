namespace GenAuth.Hexagonal.Adapters.Redis;

/// <summary>
/// Options of <see cref="RedisWechatTokenProvider"/>, bound from the <c>Wechat:Redis</c> configuration section
/// (<see cref="RedisWechatTokenDefaults.SectionName"/>) and validated at start-up.
/// </summary>
public sealed class RedisWechatTokenOptions
{
    /// <summary>
    /// The prefix of every key and of the notice channel. Instances that share tokens must use the same prefix; use
    /// another one to keep environments apart on one Redis. Must not contain <c>{</c>, <c>}</c> or whitespace.
    /// Default <c>genauth:wechat-token</c>. Configuration key: <c>Wechat:Redis:KeyPrefix</c>.
    /// </summary>
    public string KeyPrefix { get; set; } = RedisWechatTokenDefaults.DefaultKeyPrefix;

    /// <summary>
    /// The budget of every Redis round trip. A call that takes longer counts as a Redis failure: the tier stops using
    /// Redis until a probe answers again, and callers are served by the source (or fail closed). Default 500 ms.
    /// Configuration key: <c>Wechat:Redis:OperationTimeout</c>.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The longest one fetch from the source may take, retries and waits included. The fleet's lease lasts twice this and is
    /// renewed while the holder fetches. Default (<see langword="null"/>): the source's own budget
    /// (<see cref="IWechatTokenSourceInfo.FetchBudget"/>: <c>GenAuth:TotalTimeout</c>, <c>Wechat:TotalTimeout</c>), followed
    /// through reloads; 30 seconds for a source that does not describe itself. Configuration key: <c>Wechat:Redis:FetchBudget</c>.
    /// </summary>
    public TimeSpan? FetchBudget { get; set; }

    /// <summary>
    /// How often an instance waiting for another instance's fetch reads Redis again, besides the pub/sub notice (which
    /// Redis delivers at most once). Default 100 ms. Configuration key: <c>Wechat:Redis:PollInterval</c>.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How often the tier probes Redis while it considers it unavailable. Default 1 second.
    /// Configuration key: <c>Wechat:Redis:ProbeInterval</c>.
    /// </summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The cap on how long before expiry a token held in Redis is due for refresh (at most a fifth of its lifetime), as
    /// in the in-process cache. Default 5 minutes. Configuration key: <c>Wechat:Redis:MaxRefreshAhead</c>.
    /// </summary>
    public TimeSpan MaxRefreshAhead { get; set; } = WechatTokenTimeline.DefaultMaxRefreshAhead;

    /// <summary>
    /// The cap on how long before expiry a token held in Redis is no longer handed out while a refresh can still be made
    /// (at most a tenth of its lifetime). Default 30 seconds. Configuration key: <c>Wechat:Redis:MaxSafetyMargin</c>.
    /// </summary>
    public TimeSpan MaxSafetyMargin { get; set; } = WechatTokenTimeline.DefaultMaxSafetyMargin;

    /// <summary>
    /// After a fleet refresh failed or the source handed back the token Redis already holds, the whole fleet waits this
    /// long before the next attempt, doubling per attempt up to <see cref="RefreshRetryMaxDelay"/> (±20 % jitter), and
    /// keeps serving the still-valid token meanwhile. Default 1 second. Configuration key: <c>Wechat:Redis:RefreshRetryDelay</c>.
    /// </summary>
    public TimeSpan RefreshRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest fleet-wide delay between refresh attempts. Default 30 seconds. Configuration key: <c>Wechat:Redis:RefreshRetryMaxDelay</c>.</summary>
    public TimeSpan RefreshRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// What to do with calls while Redis is unavailable. Default <see cref="RedisOutageBehavior.Default"/>: fail closed
    /// for the sole-owner <c>/cgi-bin/token</c> kind, ask the source for the others.
    /// Configuration key: <c>Wechat:Redis:OutageBehavior</c>.
    /// </summary>
    public RedisOutageBehavior OutageBehavior { get; set; }

    /// <summary>
    /// The fleet's least time between two forced refreshes (<c>force_refresh</c>) of one app. Default 30 seconds, as
    /// WeChat documents. Configuration key: <c>Wechat:Redis:ForceRefreshMinInterval</c>.
    /// </summary>
    public TimeSpan ForceRefreshMinInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The fleet's most forced refreshes of one app per day (Beijing time). Default 20, as WeChat documents.
    /// Configuration key: <c>Wechat:Redis:ForceRefreshDailyLimit</c>.
    /// </summary>
    public int ForceRefreshDailyLimit { get; set; } = 20;

    /// <summary>
    /// How long Redis remembers a rejected token's hash, so that no instance writes it back. Default 10 minutes.
    /// Configuration key: <c>Wechat:Redis:RejectedTokenMemory</c>.
    /// </summary>
    public TimeSpan RejectedTokenMemory { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Whether metrics and traces carry the app id as a tag. Off by default (one tag value per tenant can overwhelm a
    /// metrics backend). Configuration key: <c>Wechat:Redis:IncludeAppIdInTelemetry</c>.
    /// </summary>
    public bool IncludeAppIdInTelemetry { get; set; }

    /// <summary>The budget of a source that does not describe itself: 30 seconds.</summary>
    internal static readonly TimeSpan DefaultFetchBudget = TimeSpan.FromSeconds(30);

    /// <summary>The source's current budget, when <see cref="FetchBudget"/> is not set (set by the tier; a field, never bound).</summary>
    internal Func<TimeSpan> SourceFetchBudget = static () => DefaultFetchBudget;

    /// <summary>The lease length: twice the fetch budget (within 100 ms and 10 minutes).</summary>
    internal TimeSpan LeaseDuration =>
        2 * TimeSpan.FromTicks(Math.Clamp((FetchBudget ?? SourceFetchBudget()).Ticks, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromMinutes(10).Ticks));

    internal RedisWechatTokenOptions Clone() => (RedisWechatTokenOptions)MemberwiseClone();
}
