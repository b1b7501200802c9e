namespace GenAuth.Hexagonal.Adapters.Redis.Tests;

/// <summary>
/// A source like WeChat's <c>stable_token</c>: the same token in normal mode until it is forced; <see cref="RefreshAsync"/>
/// forces a new one (counted).
/// </summary>
internal sealed class RefresherSource : IWechatTokenProvider, IWechatTokenRefresher
{
    private WechatAccessToken _current = TestSupport.Token("stable-1", TimeSpan.FromHours(2));
    private int _forced;
    private int _calls;

    public int Forced => Volatile.Read(ref _forced);

    public int Calls => Volatile.Read(ref _calls);

    public ValueTask<WechatAccessToken> GetAccessTokenAsync(WechatAppCredentials credentials, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return ValueTask.FromResult(Volatile.Read(ref _current));
    }

    public ValueTask<WechatAccessToken> RefreshAsync(WechatAppCredentials credentials, WechatAccessToken rejected, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var n = Interlocked.Increment(ref _forced);
        var next = TestSupport.Token("stable-forced-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(2));
        Volatile.Write(ref _current, next);
        return ValueTask.FromResult(next);
    }
}
