namespace GenAuth.Hexagonal.Adapters.Caching;

/// <summary>
/// Options for <see cref="CachingWechatTokenProvider"/>, bound from the <c>Wechat:Caching</c> configuration
/// section by the DI integration and validated at start-up.
/// </summary>
/// <remarks>
/// With <c>L</c> the token's lifetime when fetched, a cached token is fresh until
/// <c>ExpiresAt − min(<see cref="MaxRefreshAhead"/>, L/5)</c>, served while one background refresh runs until
/// <c>ExpiresAt − min(<see cref="MaxSafetyMargin"/>, L/10)</c>, and expired after that.
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
    /// Whether metrics and traces carry the app id as a tag (<see cref="WechatTokenCachingDiagnostics.AppIdTagName"/>).
    /// Off by default: app ids are not secret, but one tag value per tenant can overwhelm a metrics backend.
    /// Configuration key: <c>Wechat:Caching:IncludeAppIdInTelemetry</c>.
    /// </summary>
    public bool IncludeAppIdInTelemetry { get; set; }

    internal WechatTokenCachingOptions Clone() => (WechatTokenCachingOptions)MemberwiseClone();
}
