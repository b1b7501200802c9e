namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>What the health check judges: the decorator's state at <paramref name="Now"/>.</summary>
/// <param name="Now">The injected clock's time of the snapshot.</param>
/// <param name="CachedTokens">How many tokens the store holds.</param>
/// <param name="StaleAppIds">Apps whose still-valid token is served while its refresh fails.</param>
/// <param name="Failures">Credentials whose last fetch failed with no usable token left, with their last use.</param>
/// <param name="FailureRetention">How long a failure of ad-hoc credentials counts after its last use.</param>
internal sealed record CacheHealthSnapshot(
    DateTimeOffset Now,
    long CachedTokens,
    IReadOnlyList<string> StaleAppIds,
    IReadOnlyList<CacheHealthSnapshot.Failure> Failures,
    TimeSpan FailureRetention)
{
    /// <summary>Credentials left without a usable token, and when a caller last asked for them.</summary>
    internal readonly record struct Failure(WechatCredentialsKey Key, DateTimeOffset LastUse);
}
