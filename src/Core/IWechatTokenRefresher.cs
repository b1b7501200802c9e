namespace GenAuth.Hexagonal;

/// <summary>
/// Implemented by a token source (and forwarded by every tier between a cache and the source) so that a token WeChat
/// rejected can travel to the source: the caching decorator calls it instead of
/// <see cref="IWechatTokenProvider.GetAccessTokenAsync"/> for its fetches after a rejection.
/// </summary>
public interface IWechatTokenRefresher
{
    /// <summary>
    /// Gets a token to replace <paramref name="rejected"/>, which WeChat rejected; a source that can ask for a new one may
    /// do so, within its platform's limits, only when its normal answer is still <paramref name="rejected"/>.
    /// </summary>
    /// <param name="credentials">The app id and app secret.</param>
    /// <param name="rejected">The exact token WeChat rejected (errcode 40001, 40014 or 42001).</param>
    /// <param name="cancellationToken">Ends the caller's wait.</param>
    /// <returns>
    /// The source's token: a new one, or <paramref name="rejected"/> again when the source has nothing newer and may not
    /// ask for more (the caller then treats it as no token).
    /// </returns>
    /// <exception cref="WechatTokenException">The token could not be obtained.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ValueTask<WechatAccessToken> RefreshAsync(
        WechatAppCredentials credentials, WechatAccessToken rejected, CancellationToken cancellationToken = default);
}
