using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>
/// The registered health check: one <see cref="WechatTokenCacheHealthCheck"/> per cache (one cache per source in use),
/// reported as the worst of them.
/// </summary>
internal sealed class CachingHealthCheck(Func<IReadOnlyList<WechatTokenCacheHealthCheck>> checks) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var each = checks();
        if (each.Count == 1)
        {
            return await each[0].CheckHealthAsync(context, cancellationToken).ConfigureAwait(false);
        }

        var results = new List<HealthCheckResult>(each.Count);
        foreach (var check in each)
        {
            results.Add(await check.CheckHealthAsync(context, cancellationToken).ConfigureAwait(false));
        }

        if (results.Count == 0)
        {
            return HealthCheckResult.Healthy("No WeChat token has been requested yet.");
        }

        var status = results.Min(r => r.Status);
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (result, index) in results.Select((r, i) => (r, i)))
        {
            var source = result.Data.TryGetValue("source", out var name) ? name.ToString() : index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (key, value) in result.Data)
            {
                data[$"{source}.{key}"] = value;
            }
        }

        return new HealthCheckResult(status, string.Join(" ", results.Select(r => r.Description)), data: data);
    }
}
