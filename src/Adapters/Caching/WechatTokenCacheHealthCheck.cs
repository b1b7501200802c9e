using GenAuth.Hexagonal.Adapters.Caching.Internal;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GenAuth.Hexagonal.Adapters.Caching;

/// <summary>
/// Reports the health of a <see cref="CachingWechatTokenProvider"/>: the registration's failure status
/// (<see cref="HealthStatus.Unhealthy"/> by default) only while a configured app (one of <see cref="IWechatAppCatalog"/>,
/// with its configured secret) has no usable token after a failed fetch; <see cref="HealthStatus.Degraded"/> while
/// still-valid tokens are served after failed refreshes (fail-safe), or while other credentials failed within
/// <see cref="WechatTokenCachingOptions.FailureRetention"/> of their last use; <see cref="HealthStatus.Healthy"/> otherwise.
/// </summary>
/// <remarks>
/// A failure ends when a fetch for the same credentials succeeds. Credentials that are not a configured app (a tenant's
/// secret, a wrong or rotated secret) never make the check Unhealthy, and their failure stops counting
/// <see cref="WechatTokenCachingOptions.FailureRetention"/> (5 minutes by default) after the last call for them. Without a
/// catalog every credential is treated as ad hoc. The data holds counts; app ids are listed only with
/// <c>includeAppIds</c>. Never a secret or a token.
/// </remarks>
public sealed class WechatTokenCacheHealthCheck : IHealthCheck
{
    private const int MaxListedAppIds = 20;

    private readonly CachingWechatTokenProvider _provider;
    private readonly IWechatAppCatalog? _apps;
    private readonly bool _includeAppIds;

    /// <summary>Creates a check that knows no configured apps: failures make it Degraded at most.</summary>
    /// <param name="provider">The cache to watch.</param>
    /// <param name="includeAppIds">Whether the description and data list the affected app ids.</param>
    /// <exception cref="ArgumentNullException"><paramref name="provider"/> is <see langword="null"/>.</exception>
    public WechatTokenCacheHealthCheck(CachingWechatTokenProvider provider, bool includeAppIds = false)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _provider = provider;
        _includeAppIds = includeAppIds;
    }

    /// <summary>Creates a check for which the apps of <paramref name="apps"/> are the ones that must have a token.</summary>
    /// <param name="provider">The cache to watch.</param>
    /// <param name="apps">The configured apps; their credentials are compared with the failed ones (app id and secret).</param>
    /// <param name="includeAppIds">Whether the description and data list the affected app ids.</param>
    /// <exception cref="ArgumentNullException"><paramref name="provider"/> or <paramref name="apps"/> is <see langword="null"/>.</exception>
    public WechatTokenCacheHealthCheck(CachingWechatTokenProvider provider, IWechatAppCatalog apps, bool includeAppIds = false)
        : this(provider, includeAppIds)
    {
        ArgumentNullException.ThrowIfNull(apps);
        _apps = apps;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = _provider.GetHealthSnapshot();
        var configured = ConfiguredKeys();
        var withoutToken = new SortedSet<string>(StringComparer.Ordinal);
        var adHocFailed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var failure in snapshot.Failures)
        {
            if (configured.Contains(failure.Key))
            {
                withoutToken.Add(failure.Key.AppId);
            }
            else if (snapshot.Now - failure.LastUse < snapshot.FailureRetention)
            {
                adHocFailed.Add(failure.Key.AppId);
            }
        }

        var stale = snapshot.StaleAppIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["source"] = _provider.SourceName,
            ["cachedTokens"] = snapshot.CachedTokens,
            ["staleApps"] = stale.Count,
            ["appsWithoutToken"] = withoutToken.Count,
            ["otherCredentialsFailed"] = adHocFailed.Count,
        };
        if (_includeAppIds)
        {
            data["staleAppIds"] = stale;
            data["appIdsWithoutToken"] = withoutToken.ToList();
            data["otherCredentialsFailedAppIds"] = adHocFailed.ToList();
        }

        if (withoutToken.Count > 0)
        {
            var status = context?.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
            return Task.FromResult(new HealthCheckResult(
                status,
                $"{withoutToken.Count} configured WeChat app(s) have no usable access token from {_provider.SourceName} after failed fetches{List(withoutToken)}.",
                data: data));
        }

        if (stale.Count > 0 || adHocFailed.Count > 0)
        {
            var parts = new List<string>(2);
            if (stale.Count > 0)
            {
                parts.Add($"{stale.Count} WeChat app(s) are served still-valid access tokens while refreshing them from {_provider.SourceName} fails{List(stale)}");
            }

            if (adHocFailed.Count > 0)
            {
                parts.Add($"fetching from {_provider.SourceName} failed for {adHocFailed.Count} app(s) with credentials that are not configured, used within the last {snapshot.FailureRetention}{List(adHocFailed)}");
            }

            return Task.FromResult(HealthCheckResult.Degraded(string.Join("; ", parts) + ".", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy(
            $"WeChat access tokens from {_provider.SourceName} are fetched normally ({snapshot.CachedTokens} cached).", data));
    }

    private HashSet<WechatCredentialsKey> ConfiguredKeys()
    {
        var keys = new HashSet<WechatCredentialsKey>();
        if (_apps is null)
        {
            return keys;
        }

        foreach (var name in _apps.AppNames)
        {
            if (_apps.TryGetCredentials(name, out var credentials))
            {
                keys.Add(credentials.Key);
            }
        }

        return keys;
    }

    private string List(IReadOnlyCollection<string> appIds) =>
        _includeAppIds
            ? ": " + string.Join(", ", appIds.Take(MaxListedAppIds)) + (appIds.Count > MaxListedAppIds ? ", ..." : string.Empty)
            : string.Empty;
}
