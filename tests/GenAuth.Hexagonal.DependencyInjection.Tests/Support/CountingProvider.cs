namespace GenAuth.Hexagonal.DependencyInjection.Tests.Support;

/// <summary>A source that hands out one token per call and records which credentials it was asked with.</summary>
internal sealed class CountingProvider(string name) : IWechatTokenProvider
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public List<WechatAppCredentials> Asked { get; } = [];

    public ValueTask<WechatAccessToken> GetAccessTokenAsync(WechatAppCredentials credentials, CancellationToken cancellationToken = default)
    {
        var call = Interlocked.Increment(ref _calls);
        lock (Asked)
        {
            Asked.Add(credentials);
        }

        return ValueTask.FromResult(new WechatAccessToken($"{name}-token-{credentials.AppId}-{call}", DateTimeOffset.UtcNow.AddHours(2)));
    }
}
