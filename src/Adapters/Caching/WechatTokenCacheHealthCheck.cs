using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GenAuth.Hexagonal.Adapters.Caching;

/// <summary>
/// Reports the health of a <see cref="CachingWechatTokenProvider"/>: <see cref="HealthStatus.Healthy"/> while tokens are
/// fetched normally, <see cref="HealthStatus.Degraded"/> while still-valid tokens are served after failed refreshes
/// (fail-safe), and the registration's failure status (<see cref="HealthStatus.Unhealthy"/> by default) when an app has
/// no usable token after a failed fetch.
/// </summary>
/// <remarks>
/// The data holds counts; app ids are listed only with <see cref="WechatTokenCachingOptions.IncludeAppIdInTelemetry"/>.
/// Never a secret or a token.
/// </remarks>
public sealed class WechatTokenCacheHealthCheck : IHealthCheck
{
    private readonly CachingWechatTokenProvider _provider;
    private readonly bool _includeAppIds;

    /// <summary>Creates the check.</summary>
    /// <param name="provider">The cache to watch.</param>
    /// <param name="includeAppIds">Whether the description and data list the affected app ids.</param>
    /// <exception cref="ArgumentNullException"><paramref name="provider"/> is <see langword="null"/>.</exception>
    public WechatTokenCacheHealthCheck(CachingWechatTokenProvider provider, bool includeAppIds = false)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _provider = provider;
        _includeAppIds = includeAppIds;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = _provider.GetHealthSnapshot();
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["source"] = _provider.SourceName,
            ["cachedTokens"] = snapshot.CachedTokens,
            ["staleApps"] = snapshot.StaleAppIds.Count,
            ["appsWithoutToken"] = snapshot.AppIdsWithoutToken.Count,
        };
        if (_includeAppIds)
        {
            data["staleAppIds"] = snapshot.StaleAppIds;
            data["appIdsWithoutToken"] = snapshot.AppIdsWithoutToken;
        }

        if (snapshot.AppIdsWithoutToken.Count > 0)
        {
            var status = context?.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
            return Task.FromResult(new HealthCheckResult(
                status,
                $"{snapshot.AppIdsWithoutToken.Count} WeChat app(s) have no usable access token from {_provider.SourceName} after failed fetches{List(snapshot.AppIdsWithoutToken)}.",
                data: data));
        }

        if (snapshot.StaleAppIds.Count > 0)
        {
            return Task.FromResult(HealthCheckResult.Degraded(
                $"{snapshot.StaleAppIds.Count} WeChat app(s) are served still-valid access tokens while refreshing them from {_provider.SourceName} fails{List(snapshot.StaleAppIds)}.",
                data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy(
            $"WeChat access tokens from {_provider.SourceName} are fetched normally ({snapshot.CachedTokens} cached).", data));
    }

    private string List(IReadOnlyList<string> appIds) =>
        _includeAppIds ? ": " + string.Join(", ", appIds.Take(20)) + (appIds.Count > 20 ? ", ..." : string.Empty) : string.Empty;
}
