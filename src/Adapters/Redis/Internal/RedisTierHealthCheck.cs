using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GenAuth.Hexagonal.Adapters.Redis.Internal;

/// <summary>The registered health check: one <see cref="RedisWechatTokenHealthCheck"/> per tier, reported as the worst of them.</summary>
internal sealed class RedisTierHealthCheck(Func<IReadOnlyList<RedisWechatTokenProvider>> tiers) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var results = new List<HealthCheckResult>();
        foreach (var tier in tiers())
        {
            results.Add(await new RedisWechatTokenHealthCheck(tier).CheckHealthAsync(context, cancellationToken).ConfigureAwait(false));
        }

        return results.Count switch
        {
            0 => HealthCheckResult.Healthy("No WeChat token has been requested through the Redis tier yet."),
            1 => results[0],
            _ => new HealthCheckResult(
                results.Min(r => r.Status),
                string.Join(" ", results.Select(r => r.Description)),
                data: results.SelectMany(r => r.Data.Select(d => KeyValuePair.Create($"{r.Data.GetValueOrDefault("sourceKind")}.{d.Key}", d.Value)))
                    .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)),
        };
    }
}
