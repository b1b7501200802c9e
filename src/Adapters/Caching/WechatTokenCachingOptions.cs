namespace GenAuth.Hexagonal.Adapters.Caching;

/// <summary>
/// Options for <see cref="CachingWechatTokenProvider"/>, bound from the <c>Wechat:Caching</c> configuration
/// section by the DI integration and validated at start-up.
/// </summary>
/// <remarks>
/// With <c>L</c> the token's lifetime when fetched, the refresh-ahead window runs from
/// <c>ExpiresAt − min(<see cref="MaxRefreshAhead"/>, L/5)</c> to the hard moment <c>ExpiresAt − min(<see cref="MaxSafetyMargin"/>, L/10)</c>.
/// Each cached token's soft moment (where its background refresh starts) is drawn at random in the first two thirds of that
/// window, so that many instances do not refresh in lock-step; after the hard moment the token is no longer served as fresh.
/// </remarks>
public sealed class WechatTokenCachingOptions
{
    /// <summary>The default <see cref="SizeLimit"/>: 10,000 tokens.</summary>
    public const long DefaultSizeLimit = 10_000;

    /// <summary>
    /// The longest time before expiry at which the background refresh starts (the refresh-ahead window is at most a
    /// fifth of the token's lifetime). Default: 5 minutes. Configuration key: <c>Wechat:Caching:MaxRefreshAhead</c>.
    /// </summary>
    public TimeSpan MaxRefreshAhead { get; set; } = WechatTokenTimeline.DefaultMaxRefreshAhead;

    /// <summary>
    /// The longest time before expiry at which a token stops being served while upstream is healthy (the margin is
    /// at most a tenth of the token's lifetime). Must not exceed <see cref="MaxRefreshAhead"/>. Default: 30 seconds.
    /// Configuration key: <c>Wechat:Caching:MaxSafetyMargin</c>.
    /// </summary>
    public TimeSpan MaxSafetyMargin { get; set; } = WechatTokenTimeline.DefaultMaxSafetyMargin;

    /// <summary>
    /// How many tokens (one per app and secret) the private cache holds. When it is full, further tokens are still
    /// returned to their callers but not cached; each refused add is logged and counted. Default: 10,000.
    /// Configuration key: <c>Wechat:Caching:SizeLimit</c>.
    /// </summary>
    public long SizeLimit { get; set; } = DefaultSizeLimit;

    /// <summary>
    /// The delay before the second background refresh attempt; each further attempt waits twice as long, up to
    /// <see cref="RefreshRetryMaxDelay"/>. Default: 1 second. Configuration key: <c>Wechat:Caching:RefreshRetryDelay</c>.
    /// </summary>
    public TimeSpan RefreshRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest delay between background refresh attempts. Default: 30 seconds.
    /// Configuration key: <c>Wechat:Caching:RefreshRetryMaxDelay</c>.
    /// </summary>
    public TimeSpan RefreshRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How much each retry delay is randomly spread, as a fraction of the delay: 0.2 means ±20 %. From 0 to 1.
    /// Default: 0.2. Configuration key: <c>Wechat:Caching:RefreshRetryJitter</c>.
    /// </summary>
    public double RefreshRetryJitter { get; set; } = 0.2;

    /// <summary>
    /// How long a failed fetch for credentials that are not a configured app (not in <see cref="IWechatAppCatalog"/>) keeps
    /// the health check Degraded after the last call for those credentials. A configured app without a usable token keeps
    /// it Unhealthy until a fetch succeeds. From 1 second to 1 day. Default: 5 minutes.
    /// Configuration key: <c>Wechat:Caching:FailureRetention</c>.
    /// </summary>
    public TimeSpan FailureRetention { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether metrics and traces carry the app id as a tag (<see cref="WechatTokenCachingDiagnostics.AppIdTagName"/>).
    /// Off by default: app ids are not secret, but one tag value per tenant can overwhelm a metrics backend.
    /// Configuration key: <c>Wechat:Caching:IncludeAppIdInTelemetry</c>.
    /// </summary>
    public bool IncludeAppIdInTelemetry { get; set; }

    /// <summary>
    /// Test seam: returns a number in [0, 1) that places a token's soft moment in its refresh-ahead window (0 = the start of
    /// the window); <see cref="Random.Shared"/> when <see langword="null"/>.
    /// </summary>
    /// <remarks>A field, not a property: configuration binding never sees it.</remarks>
    internal Func<double>? SoftMomentSpread;

    /// <summary>
    /// Test seam: the clock of the scheduler's heartbeat, which re-reads the wall clock at least once a second whatever the
    /// injected <see cref="TimeProvider"/>'s timers do; <see cref="TimeProvider.System"/> when <see langword="null"/>.
    /// </summary>
    /// <remarks>A field, not a property: configuration binding never sees it.</remarks>
    internal TimeProvider? HeartbeatTimeProvider;

    internal WechatTokenCachingOptions Clone() => (WechatTokenCachingOptions)MemberwiseClone();
}
