namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>
/// One cached token and its moments, immutable: served as fresh before <see cref="Soft"/>; served at once while one
/// background refresh runs until <see cref="Hard"/>; after <see cref="Hard"/> served only as a fallback when upstream,
/// asked again, had nothing newer; never served at or after <see cref="ExpiresAt"/>. The moments are compared with the
/// injected <see cref="TimeProvider"/>'s wall clock (<see cref="WallClock"/>); nothing in an entry ever changes.
/// </summary>
internal sealed class TokenEntry
{
    /// <summary>How much of the refresh-ahead window a soft moment may be moved into (the first two thirds).</summary>
    public const double SpreadShare = 2.0 / 3.0;

    /// <summary><see cref="Soft"/> in UTC ticks: what the hit path compares with the wall-clock reading.</summary>
    public readonly long SoftUtcTicks;

    private TokenEntry(WechatCredentialsKey key, WechatAccessToken token, DateTimeOffset fetchedAt, DateTimeOffset soft, DateTimeOffset hard)
    {
        Key = key;
        Token = token;
        FetchedAt = fetchedAt;
        Soft = soft;
        Hard = hard;
        SoftUtcTicks = soft.UtcTicks;
    }

    public WechatCredentialsKey Key { get; }

    public WechatAccessToken Token { get; }

    public DateTimeOffset FetchedAt { get; }

    /// <summary>From here the next call starts one background refresh (the token is still served at once).</summary>
    public DateTimeOffset Soft { get; }

    /// <summary>From here the token is no longer served as fresh.</summary>
    public DateTimeOffset Hard { get; }

    /// <summary>When WeChat stops accepting the token: it is never served from here.</summary>
    public DateTimeOffset ExpiresAt => Token.ExpiresAt;

    /// <summary>
    /// Computes the moments of a token fetched at <paramref name="now"/>: the hard moment as <see cref="WechatTokenTimeline"/>
    /// has it, the soft moment moved by <paramref name="spread"/> (0 to 1) into the first two thirds of the refresh-ahead
    /// window, so that instances fetching the same token (GenAuth and stable_token hand every instance the same expiry) do
    /// not all refresh it at the same instant.
    /// </summary>
    public static TokenEntry Create(
        WechatCredentialsKey key, WechatAccessToken token, DateTimeOffset now, TimeSpan maxRefreshAhead, TimeSpan maxSafetyMargin, double spread)
    {
        var timeline = WechatTokenTimeline.Create(now, token.ExpiresAt, maxRefreshAhead, maxSafetyMargin);
        var window = timeline.HardExpiresAt - timeline.RefreshAt;
        var soft = timeline.RefreshAt + (window * (SpreadShare * Math.Clamp(spread, 0, 1)));
        return new TokenEntry(key, token, now, soft, timeline.HardExpiresAt);
    }

    public bool Holds(string tokenValue) => string.Equals(Token.Value, tokenValue, StringComparison.Ordinal);
}
