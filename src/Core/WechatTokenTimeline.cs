namespace GenAuth.Hexagonal;

/// <summary>
/// The three moments of a cached token. With <c>L = ExpiresAt − FetchedAt</c>: fresh until
/// <see cref="RefreshAt"/> (<c>ExpiresAt − min(maxRefreshAhead, L/5)</c>), refresh-ahead until
/// <see cref="HardExpiresAt"/> (<c>ExpiresAt − min(maxSafetyMargin, L/10)</c>), expired after.
/// </summary>
/// <param name="FetchedAt">When the token was obtained.</param>
/// <param name="RefreshAt">The soft moment: from here a background refresh runs while the token is still served.</param>
/// <param name="HardExpiresAt">The hard moment: from here the token is no longer served.</param>
/// <param name="ExpiresAt">When WeChat stops accepting the token.</param>
public readonly record struct WechatTokenTimeline(
    DateTimeOffset FetchedAt, DateTimeOffset RefreshAt, DateTimeOffset HardExpiresAt, DateTimeOffset ExpiresAt)
{
    /// <summary>The default cap on how long before expiry refresh-ahead starts: 5 minutes.</summary>
    public static readonly TimeSpan DefaultMaxRefreshAhead = TimeSpan.FromMinutes(5);

    /// <summary>The default cap on how long before expiry a token stops being served: 30 seconds.</summary>
    public static readonly TimeSpan DefaultMaxSafetyMargin = TimeSpan.FromSeconds(30);

    /// <summary>The token's lifetime when it was fetched (<c>ExpiresAt − FetchedAt</c>).</summary>
    public TimeSpan Lifetime => ExpiresAt - FetchedAt;

    /// <summary>Computes the moments with the default margins (5 minutes and 30 seconds).</summary>
    /// <param name="fetchedAt">When the token was obtained.</param>
    /// <param name="expiresAt">When WeChat stops accepting it.</param>
    /// <returns>The timeline.</returns>
    public static WechatTokenTimeline Create(DateTimeOffset fetchedAt, DateTimeOffset expiresAt) =>
        Create(fetchedAt, expiresAt, DefaultMaxRefreshAhead, DefaultMaxSafetyMargin);

    /// <summary>Computes the moments.</summary>
    /// <param name="fetchedAt">When the token was obtained.</param>
    /// <param name="expiresAt">When WeChat stops accepting it.</param>
    /// <param name="maxRefreshAhead">The cap on the refresh-ahead window (the window is at most a fifth of the lifetime).</param>
    /// <param name="maxSafetyMargin">The cap on the safety margin (the margin is at most a tenth of the lifetime).</param>
    /// <returns>The timeline. A token whose lifetime is zero or negative gets all moments at <paramref name="expiresAt"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A margin is negative.</exception>
    public static WechatTokenTimeline Create(
        DateTimeOffset fetchedAt, DateTimeOffset expiresAt, TimeSpan maxRefreshAhead, TimeSpan maxSafetyMargin)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRefreshAhead, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSafetyMargin, TimeSpan.Zero);
        var lifetime = expiresAt - fetchedAt;
        if (lifetime <= TimeSpan.Zero)
        {
            return new WechatTokenTimeline(fetchedAt, expiresAt, expiresAt, expiresAt);
        }

        var soft = expiresAt - Min(maxRefreshAhead, lifetime / 5);
        var hard = expiresAt - Min(maxSafetyMargin, lifetime / 10);
        if (soft > hard)
        {
            soft = hard;
        }

        return new WechatTokenTimeline(fetchedAt, soft, hard, expiresAt);
    }

    /// <summary>Where <paramref name="now"/> falls on the timeline.</summary>
    /// <param name="now">The current time.</param>
    /// <returns>The token's state at that moment.</returns>
    public WechatTokenState StateAt(DateTimeOffset now) =>
        now < RefreshAt ? WechatTokenState.Fresh
        : now < HardExpiresAt ? WechatTokenState.RefreshAhead
        : WechatTokenState.Expired;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
