namespace GenAuth.Hexagonal.Benchmarks.Peers;

/// <summary>
/// A token cache written the way Senparc-style SDK code is: one <see cref="SemaphoreSlim"/> around a
/// <see cref="Dictionary{TKey, TValue}"/> keyed by app id, the expiry checked against the clock on every read.
/// Single-flight by accident (every caller, hit or miss, of every app, queues on the one lock).
/// </summary>
internal sealed class SemaphoreDictionaryTokenProvider(IWechatTokenProvider upstream) : IWechatTokenProvider, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, WechatAccessToken> _tokens = new(StringComparer.Ordinal);

    public async ValueTask<WechatAccessToken> GetAccessTokenAsync(
        WechatAppCredentials credentials, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_tokens.TryGetValue(credentials.AppId, out var token) && token.ExpiresAt > TimeProvider.System.GetUtcNow())
            {
                return token;
            }

            token = await upstream.GetAccessTokenAsync(credentials, cancellationToken).ConfigureAwait(false);
            _tokens[credentials.AppId] = token;
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
