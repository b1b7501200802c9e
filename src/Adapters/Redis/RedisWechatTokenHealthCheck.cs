using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GenAuth.Hexagonal.Adapters.Redis;

/// <summary>
/// Reports the Redis tier: <see cref="HealthStatus.Healthy"/> while Redis answers, <see cref="HealthStatus.Degraded"/> while it
/// is unreachable or too slow (the in-process cache and the source, or failing closed, answer meanwhile). Never a secret,
/// a token or a key.
/// </summary>
public sealed class RedisWechatTokenHealthCheck : IHealthCheck
{
    private readonly RedisWechatTokenProvider _provider;

    /// <summary>Creates the check.</summary>
    /// <param name="provider">The tier to watch.</param>
    /// <exception cref="ArgumentNullException"><paramref name="provider"/> is <see langword="null"/>.</exception>
    public RedisWechatTokenHealthCheck(RedisWechatTokenProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _provider = provider;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var since = _provider.RedisUnavailableSince;
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sourceKind"] = _provider.SourceKind,
            ["redisAvailable"] = since is null,
            ["noticesSubscribed"] = _provider.IsSubscribedToNotices,
        };
        if (since is { } unavailableSince)
        {
            data["unavailableSince"] = unavailableSince;
            return Task.FromResult(HealthCheckResult.Degraded(
                $"Redis has been unreachable or too slow for the WeChat token tier ({_provider.SourceKind}) since {unavailableSince:O}; " +
                (_provider.FailsClosed
                    ? "the in-process cache serves what it holds and misses fail closed."
                    : "the in-process cache and the source answer without sharing tokens."),
                data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy(
            $"Redis answers the WeChat token tier ({_provider.SourceKind}).", data));
    }
}
