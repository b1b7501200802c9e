namespace GenAuth.Hexagonal;

/// <summary>
/// Implemented by token sources that can ask for a new token after WeChat rejected one (WeChat's <c>stable_token</c> with
/// <c>force_refresh</c>), and forwarded by every tier between the in-process cache and the source. The cache calls it, instead
/// of <see cref="IWechatTokenProvider.GetAccessTokenAsync"/>, for its first fetch after a rejection.
/// </summary>
public interface IWechatTokenRefresher
{
    /// <summary>
    /// Gets a token to replace <paramref name="rejected"/>, which WeChat rejected. A source that can ask for a new one may do
    /// so, within its platform's limits, only when its normal answer is still <paramref name="rejected"/>; otherwise this
    /// behaves like <see cref="IWechatTokenProvider.GetAccessTokenAsync"/>.
    /// </summary>
    /// <param name="credentials">The app whose token was rejected.</param>
    /// <param name="rejected">The exact token WeChat rejected.</param>
    /// <param name="cancellationToken">Ends the caller's wait.</param>
    /// <returns>The token to use now; it may still be <paramref name="rejected"/> when no new one could be had.</returns>
    ValueTask<WechatAccessToken> RefreshAsync(
        WechatAppCredentials credentials, WechatAccessToken rejected, CancellationToken cancellationToken = default);
}
