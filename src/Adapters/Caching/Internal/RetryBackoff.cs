namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>
/// The bounded, jittered exponential backoff that spaces background refresh attempts and fetches after a rejection:
/// <c>RefreshRetryDelay × 2^(n−1)</c>, capped at <c>RefreshRetryMaxDelay</c>, spread by ±<c>RefreshRetryJitter</c>.
/// </summary>
internal sealed class RetryBackoff(WechatTokenCachingOptions options, Func<double> jitter)
{
    private static readonly TimeSpan MinimumDelay = TimeSpan.FromMilliseconds(1);

    /// <summary>The delay after <paramref name="attempts"/> attempts that brought no (usable) new token.</summary>
    public TimeSpan Delay(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var max = options.RefreshRetryMaxDelay;
        var baseTicks = Math.Min((double)options.RefreshRetryDelay.Ticks * Math.Pow(2, exponent), max.Ticks);
        var r = Math.Clamp(jitter(), 0, 1);
        var spread = 1 + (options.RefreshRetryJitter * ((2 * r) - 1));
        var ticks = Math.Min(baseTicks * spread, max.Ticks);
        return TimeSpan.FromTicks(Math.Max((long)ticks, MinimumDelay.Ticks));
    }
}
