namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>What the health check reports: apps served stale tokens, and apps left with no usable token after failures.</summary>
/// <param name="CachedTokens">How many tokens the cache holds.</param>
/// <param name="StaleAppIds">Apps whose still-valid token is served while its refresh fails.</param>
/// <param name="AppIdsWithoutToken">Apps whose last fetch failed with no usable token left.</param>
internal readonly record struct CacheHealthSnapshot(
    long CachedTokens, IReadOnlyList<string> StaleAppIds, IReadOnlyList<string> AppIdsWithoutToken);
