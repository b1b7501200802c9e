using Microsoft.Extensions.Caching.Memory;

namespace GenAuth.Hexagonal.Benchmarks.Peers;

/// <summary>
/// The decorator most people write first: <see cref="IMemoryCache"/>, check, fetch on a miss, store.
/// No single-flight: every caller that misses calls upstream.
/// </summary>
internal sealed class NaiveMemoryCacheTokenProvider(IMemoryCache cache, IWechatTokenProvider upstream) : IWechatTokenProvider
{
    public async ValueTask<WechatAccessToken> GetAccessTokenAsync(
        WechatAppCredentials credentials, CancellationToken cancellationToken = default)
    {
        var key = credentials.Key;
        if (cache.TryGetValue(key, out WechatAccessToken? token) && token!.ExpiresAt > TimeProvider.System.GetUtcNow())
        {
            return token;
        }

        token = await upstream.GetAccessTokenAsync(credentials, cancellationToken).ConfigureAwait(false);
        cache.Set(key, token, token.ExpiresAt);
        return token;
    }
}
